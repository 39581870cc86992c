#!/usr/bin/env bash
# Each docker-compose service's command, run as a non-root user from a directory it cannot
# write (as /app is in the image), against the local PostgreSQL and Redis: web (migrate, the
# plan's data, gunicorn answering the login page), worker, recompute and beat (its schedule
# file in the writable var directory). No Docker engine needed.
#
#   SMOKE_VENV=/path/to/a/venv/the/user/can/read bash bench/compose_smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${SMOKE_VENV:-$PWD/.venv}/bin"
AS="${SMOKE_USER:-nobody}"
PG="${SMOKE_PG:-postgres://postgres@127.0.0.1:5432}"
DB=compose_smoke
VAR="$(mktemp -d /tmp/compose-smoke-XXXXXX)"
chown "$AS" "$VAR"
psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
PORT="${SMOKE_PORT:-8193}"

as_user() {
  runuser -u "$AS" -- env -i PATH="$BIN:/usr/bin:/bin" HOME="$VAR" \
    DJANGO_DEBUG=false DJANGO_SECRET_KEY=compose-smoke-not-a-secret-0123456789 \
    DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_COOKIES=false \
    FIELD_ENCRYPTION_KEY=Y29tcG9zZS1zbW9rZS1vbmx5LWtleS1ub3QtcHJvZCE= \
    DATABASE_URL="$PG/$DB" CELERY_BROKER_URL="${SMOKE_BROKER:-redis://127.0.0.1:6379/4}" \
    CELERY_INTERACTIVE_QUEUE=interactive CELERY_RECOMPUTE_QUEUE=recompute \
    CELERY_BEAT_SCHEDULE_FILENAME="$VAR/beat/celerybeat-schedule" DJANGO_VAR_DIR="$VAR" \
    "$@"
}

echo "== the project directory is not writable by $AS"
if as_user sh -c "touch $PWD/.smoke-write-test" 2>/dev/null; then
  rm -f .smoke-write-test; echo "unexpectedly writable"; exit 1
fi

if [ -z "${SMOKE_SKIP_WEB:-}" ]; then
echo "== build step: collectstatic (into the var directory)"
as_user python manage.py collectstatic --noinput -v 0

echo "== web: migrate, load_pilot_seed, load_qualification_rules, gunicorn"
as_user python manage.py migrate --noinput -v 0
as_user python manage.py load_pilot_seed
as_user python manage.py load_qualification_rules
as_user gunicorn suzhou_pilot.wsgi:application --chdir "$PWD" --bind "127.0.0.1:$PORT" \
  --workers 2 --max-requests 2000 --max-requests-jitter 200 --pid "$VAR/web.pid" \
  >"$VAR/web.log" 2>&1 &
for _ in $(seq 60); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/login/" || true)
  [ "$code" = 200 ] && break
  sleep 1
done
kill "$(cat "$VAR/web.pid")"; wait || true  # the gunicorn master, not runuser
[ "$code" = 200 ] || { cat "$VAR/web.log"; echo "web: login page answered $code"; exit 1; }
echo "web: login page 200"
fi

check_worker() {  # name, args…
  local name=$1; shift
  as_user timeout 40 celery -A suzhou_pilot "$@" >"$VAR/$name.log" 2>&1 || true
  grep -q "ready" "$VAR/$name.log" || { cat "$VAR/$name.log"; echo "$name did not start"; exit 1; }
  echo "$name: ready ($(grep -o 'celery@[^ ]* ready' "$VAR/$name.log" | head -1))"
}
if [ -z "${SMOKE_ONLY_BEAT:-}" ]; then
echo "== worker (interactive queue) and recompute (engine queue)"
check_worker worker worker --loglevel=INFO -Q interactive,celery --concurrency=2
check_worker recompute worker --loglevel=INFO -Q recompute --concurrency=2 --prefetch-multiplier=1
fi

echo "== beat"
as_user sh -c "mkdir -p $VAR/beat && timeout 45 celery -A suzhou_pilot beat --loglevel=INFO --schedule $VAR/beat/celerybeat-schedule" >"$VAR/beat.log" 2>&1 || true
grep -q "beat: Starting" "$VAR/beat.log" || { cat "$VAR/beat.log"; echo "beat did not start"; exit 1; }
ls "$VAR"/beat/celerybeat-schedule* >/dev/null || { echo "beat wrote no schedule"; exit 1; }
if grep -qi "permission denied" "$VAR/beat.log"; then cat "$VAR/beat.log"; exit 1; fi
echo "beat: started, schedule in $VAR/beat"

psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB"
echo "compose smoke: every service started as $AS"
