# opsbot image: models are provisioned and the corpus indexed at build time, so a container
# starts without downloading anything. Runs as a non-root user.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 \
    OPSBOT_HOME=/var/lib/opsbot

RUN useradd --create-home --uid 10001 opsbot
WORKDIR /app

# torch first and pinned: a bare requirement would pull a multi-GB CUDA build. Point
# PIP_EXTRA_INDEX_URL at a CPU wheel index at build time if your registry serves CUDA builds only.
RUN pip install torch==2.13.0
COPY pyproject.toml constraints.txt README.md ./
COPY bot ./bot
RUN pip install -c constraints.txt .
COPY corpus ./corpus
# The workbench's impact preview runs the eval cases against the baseline.
COPY eval/cases.jsonl eval/baseline.json ./eval/
ENV OPSBOT_CORPUS_DIR=/app/corpus OPSBOT_EVAL_DIR=/app/eval

RUN opsbot models && opsbot ingest && chown -R opsbot:opsbot /var/lib/opsbot

USER 10001
# Inside a container the server must listen on all interfaces; publish the port to choose who reaches it.
ENV OPSBOT_HOST=0.0.0.0 OPSBOT_PORT=7860
EXPOSE 7860
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ['OPSBOT_PORT']}/\", timeout=4)"]
ENTRYPOINT ["opsbot"]
CMD ["serve"]
