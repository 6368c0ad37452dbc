#!/usr/bin/env bash
# The collector image's base, built offline from this machine's JDK and C library, since no
# container registry is reachable: a jlink'd Java runtime at /opt/java, the shared libraries it
# links (copied as real files from the build machine: the image's glibc is the builder's), a
# non-root user and /tmp. Jib lays it under the application on a `scratch` base.
#   rootfs.sh JAVA_HOME OUT
# OUT is rebuilt only when this script or the JDK changed (a stamp of both).
set -euo pipefail
java_home=$1
out=$2

# What the collector needs (jdeps on its classpath), plus SASL/JAAS for Kafka authentication,
# JNDI DNS and EC keys for TLS to AWS endpoints and MSK.
modules=java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.security.auth,jdk.unsupported,jdk.zipfs

want="$(cat "$0" "$java_home/release" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$out.stamp" 2>/dev/null)" = "$want" ] && [ -x "$out/opt/java/bin/java" ]; then
  exit 0
fi
[ -d "$java_home/jmods" ] || { echo "rootfs.sh: $java_home has no jmods (install the JDK's jmods)" >&2; exit 1; }
rm -rf "$out" "$out.stamp"
mkdir -p "$out/opt" "$out/etc" "$out/tmp"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$out/opt/java"
# The legal notices come as symlinks on some JDKs; Jib drops symlinks, so make them files.
find "$out/opt/java" -type l | while read -r link; do cp --remove-destination "$(readlink -f "$link")" "$link"; done

# Every shared library the runtime links, and the dynamic loader, at the paths ldd names.
find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2> /dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $2 ~ /^\(/ {print $1}' \
  | sort -u | while read -r lib; do
      mkdir -p "$out$(dirname "$lib")"
      cp -L "$lib" "$out$lib"
    done

cat > "$out/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
collector:x:65532:65532:collector:/tmp:/sbin/nologin
PASSWD
printf 'root:x:0:\ncollector:x:65532:\n' > "$out/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$out/etc/nsswitch.conf"
echo "$want" > "$out.stamp"
