# Production image: the Django app served by gunicorn; the same image runs the Celery worker
# and beat (docker-compose.yml). Node is used only to build static/vendor, in its own stage.

FROM node:20-bookworm-slim AS static
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/vendor_static.sh scripts/
RUN npm ci --no-audit --no-fund --loglevel=error && bash scripts/vendor_static.sh

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MEDIA_ROOT=/app/media
WORKDIR /app
# WeasyPrint (the boards' PDF packs) draws text with Pango and HarfBuzz through cffi; the slim
# image has neither, nor any font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
COPY --from=static /app/static/vendor static/vendor
RUN useradd --create-home --uid 1000 app \
    && mkdir -p /app/media /app/staticfiles \
    && chown -R app:app /app/media /app/staticfiles
USER app
EXPOSE 8000
# The deployment checks first: it refuses to start with the development SECRET_KEY.
CMD ["sh", "-c", "python manage.py check --deploy --fail-level ERROR && exec gunicorn config.wsgi --bind 0.0.0.0:8000 --workers 3 --access-logfile -"]
