"""Development tooling, kept out of the product (`bot/`): benchmarks, the textbook comparison and
ablations, fitting the refusal gate, the eval chart, and the process helpers tests share.

It ships in the checkout, not in the Docker image; its extra packages (matplotlib) come with the
`dev` extra. `opsbot` registers the commands and options it adds (`bench`, `eval --compare`,
`eval --calibrate`, `eval --leave-articles-out`) only where it can be imported.
"""
