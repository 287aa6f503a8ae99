# One image for web (gunicorn), worker and beat (Celery), the outbox relay and the setup step.
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=website.settings.production

# The same uv release as the Makefile's, so the lockfile reads the same.
RUN pip install --no-cache-dir "uv==0.13.9"

WORKDIR /app
# Dependencies first, from the lockfile alone: this layer survives code changes.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY . .
RUN uv sync --frozen --no-dev \
    && SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --no-input --verbosity 0 \
    && useradd --create-home --uid 1000 remacto \
    && mkdir -p /app/var /app/media \
    && chown remacto:remacto /app/var /app/media

USER remacto
EXPOSE 8000
CMD ["gunicorn", "website.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--timeout", "30"]
