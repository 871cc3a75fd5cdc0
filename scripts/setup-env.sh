# Sourced by scripts/quickstart and scripts/test: installs what a fresh Debian 12 machine with
# Swift lacks (the C libraries, R with dplyr for the sampler checks and Matrix and Seurat for the
# export checks, Chromium and its WebDriver for the browser checks, and a Python venv with
# anndata, scanpy and Selenium for the interop checks).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

apt_packages=(pkg-config libhdf5-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libcurl4-openssl-dev zlib1g-dev libdeflate-dev
              libmicrohttpd-dev python3-venv r-base-core r-cran-dplyr r-cran-matrix r-cran-seurat chromium chromium-driver)
if ! pkg-config --exists hdf5 libcmark-gfm libcurl zlib libdeflate libmicrohttpd 2>/dev/null \
    || ! python3 -c 'import venv, ensurepip' 2>/dev/null || ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
    || ! Rscript -e 'suppressMessages({library(dplyr); library(Matrix); library(Seurat)})' >/dev/null 2>&1; then
    sudo_cmd=()
    [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
    echo "atlasweave: installing ${apt_packages[*]}" >&2
    "${sudo_cmd[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi

setup_python_venv() {
    local venv="$root/.venv" req="$root/scripts/requirements-interop.txt"
    if [ ! -x "$venv/bin/python" ] || ! cmp -s "$req" "$venv/.requirements" 2>/dev/null; then
        echo "atlasweave: preparing the interop venv at .venv" >&2
        python3 -m venv "$venv"
        "$venv/bin/pip" install -q --disable-pip-version-check -r "$req"
        cp "$req" "$venv/.requirements"
    fi
    export ATLASWEAVE_PYTHON="$venv/bin/python"
}
