#!/usr/bin/env bash
# Starts a throwaway ClickHouse server on loopback for the collector's tests, and prints its
# HTTP address. Installs Debian's clickhouse-server first when it is missing (CI). The server
# runs as the current user from a scratch directory; stop it with `kill $(cat DIR/pid)`.
#
#   Collector/Scripts/clickhouse.sh DIR [HTTP_PORT]     # prints http://127.0.0.1:PORT
set -euo pipefail
dir="$1"
port="${2:-18123}"
if ! command -v clickhouse-server >/dev/null && [ ! -x /usr/sbin/clickhouse-server ]; then
    echo "clickhouse.sh: installing clickhouse-server (Debian's package)" >&2
    (apt-get install -y -qq --no-install-recommends clickhouse-server || { apt-get update -qq && apt-get install -y -qq --no-install-recommends clickhouse-server; }) >&2
fi
server="$(command -v clickhouse-server || echo /usr/sbin/clickhouse-server)"
mkdir -p "$dir"/{data,tmp,user_files,format_schemas,log}
cat >"$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$dir/log/server.log</log><errorlog>$dir/log/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$port</http_port>
  <tcp_port>$((port + 1))</tcp_port>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <max_concurrent_queries>50</max_concurrent_queries>
  <keep_alive_timeout>10</keep_alive_timeout>
</yandex>
XML
cat >"$dir/users.xml" <<'XML'
<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile><quota>default</quota>
    </default>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
"$server" --config-file="$dir/config.xml" >"$dir/log/stdout" 2>&1 &
echo $! >"$dir/pid"
for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$port/ping" >/dev/null 2>&1; then
        echo "http://127.0.0.1:$port"
        exit 0
    fi
    sleep 0.5
done
echo "clickhouse.sh: the server did not answer on port $port within 60 s; see $dir/log" >&2
tail -20 "$dir/log/stdout" "$dir/log/error.log" >&2 || true
exit 1
