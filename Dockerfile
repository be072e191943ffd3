FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# NCBI's tools are the yardstick the portal can compare itself with (asnval, asn2gb).
RUN apt-get update && apt-get install -y --no-install-recommends ncbi-tools-bin && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir ".[portal]" && \
    DJANGO_SETTINGS_MODULE=portal.settings.production DJANGO_SECRET_KEY=build-only \
    DJANGO_STATIC_ROOT=/app/staticfiles python manage.py collectstatic --no-input
ENV DJANGO_STATIC_ROOT=/app/staticfiles
RUN useradd --create-home portal && mkdir -p /data && chown portal /data
USER portal
EXPOSE 8000
