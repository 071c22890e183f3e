# Production image of the CLN portal: gunicorn (web), Celery worker and beat share it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/media

# WeasyPrint's libraries and explicit fonts (the print CSS names its families);
# gettext only to compile the French catalogue below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
        fonts-dejavu-core fonts-liberation2 gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install .

COPY . .

# Static files are served by whitenoise from the image; the build needs throwaway
# production values only to load the settings (nothing here reaches the running app).
RUN export DEBUG=0 SECRET_KEY=build-only ALLOWED_HOSTS=localhost SITE_URL=http://localhost DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    && python manage.py collectstatic --noinput \
    && if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then \
        python manage.py compilemessages --ignore=staticfiles --verbosity 0; fi

RUN useradd --system --uid 10001 --home-dir /app cln \
    && mkdir -p /data/media \
    && chown cln /data/media
USER cln

EXPOSE 8000
CMD ["gunicorn", "cln_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
