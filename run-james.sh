#!/usr/bin/env bash
# Builds the plugin, fetches Apache James 3.8.1's memory server from Maven Central, lays out a working
# directory under var/james/ and runs James in the foreground with the plugin. Ctrl-C stops it.
#
#   ./run-james.sh            build, then start James (SMTP 127.0.0.1:2525, WebAdmin 127.0.0.1:8000)
#   ./run-james.sh --no-build start James with the jar already in dist/target/
#   ./run-james.sh --reset-conf  replace var/james/conf/ by a fresh copy of conf-samples/conf/ first
#
# var/james/conf/ is copied from conf-samples/conf/ only when it does not exist yet: edit it there, and
# delete it to go back to the samples. The plugin jar in var/james/extensions-jars/ is refreshed on every
# run. Needs a JDK 11+ (17 recommended) and Maven 3.6+.
set -euo pipefail

cd "$(dirname "$0")"
ROOT="$(pwd)"
WORK="$ROOT/var/james"
PLUGIN_JAR="$ROOT/dist/target/james-mta-sts-0.1.0-SNAPSHOT.jar"
CLASSPATH_FILE="$ROOT/launcher/target/james.classpath"

BUILD=yes
RESET_CONF=no
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=no ;;
    --reset-conf) RESET_CONF=yes ;;
    *) echo "usage: $0 [--no-build] [--reset-conf]" >&2; exit 2 ;;
  esac
done

if [[ "$BUILD" == yes ]]; then
  echo "==> Building the plugin (mvn package -pl dist -am, tests skipped)"
  mvn -B -q -pl dist -am package -DskipTests
fi
[[ -f "$PLUGIN_JAR" ]] || { echo "error: $PLUGIN_JAR is missing: run without --no-build" >&2; exit 1; }

command -v java >/dev/null || { echo "error: no java on the PATH; install a JDK 11 or later (17 recommended)" >&2; exit 1; }
JAVA_MAJOR="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[[ "${JAVA_MAJOR%%.*}" -ge 11 ]] 2>/dev/null || { echo "error: James 3.8.1 needs Java 11 or later, found ${JAVA_MAJOR:-?}" >&2; exit 1; }

# Re-resolve when the launcher pom changed or a jar of the recorded class path has gone from ~/.m2.
if [[ ! -s "$CLASSPATH_FILE" || launcher/pom.xml -nt "$CLASSPATH_FILE" \
      || ! -f "$(cut -d: -f1 "$CLASSPATH_FILE")" ]]; then
  echo "==> Resolving James 3.8.1 (org.apache.james:james-server-memory-app) and its runtime jars"
  mvn -B -q -f launcher/pom.xml generate-resources
fi

mkdir -p "$WORK/extensions-jars" "$WORK/var"
if [[ "$RESET_CONF" == yes ]]; then
  rm -rf "$WORK/conf"
fi
if [[ ! -d "$WORK/conf" ]]; then
  echo "==> Creating $WORK/conf from conf-samples/conf"
  cp -R conf-samples/conf "$WORK/conf"
fi
rm -f "$WORK"/extensions-jars/*.jar
cp "$PLUGIN_JAR" "$WORK/extensions-jars/"

echo "==> Starting James in $WORK (SMTP and WebAdmin ports: see $WORK/conf/smtpserver.xml, webadmin.properties)"
cd "$WORK"
# exec: Java receives Ctrl-C / SIGTERM itself and runs James's shutdown hook.
exec java ${JAVA_OPTS:--Xms256m -Xmx1g} \
  -Dworking.directory="$WORK" \
  -Dlogback.configurationFile="$WORK/conf/logback.xml" \
  -cp "$(cat "$CLASSPATH_FILE")" \
  org.apache.james.MemoryJamesServerMain
