#!/usr/bin/env bash
# Builds the notebooks' database from data/sample and executes every notebook headless with Deno's Jupyter
# kernel (npm package `deno`) under Debian's jupyter-nbconvert; exits non-zero when any cell fails.
# Needs: npm ci (devDependency deno), apt-get install -y jupyter-nbconvert python3-ipykernel.
# Executed copies go to $NOTEBOOK_OUT (default: a temporary folder); the committed notebooks stay unexecuted.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/crossings-notebooks.XXXXXX")"
trap 'rm -rf "$work"' EXIT
out="${NOTEBOOK_OUT:-$work/out}"
mkdir -p "$out"

deno=("$(command -v node)" "$root/node_modules/deno/bin.cjs")
"${deno[@]}" --version | head -1

export CROSSINGS_DB="$work/notebooks.duckdb"
(cd "$here" && "${deno[@]}" run -A build-db.ts "$CROSSINGS_DB")

# A kernelspec of our own (not in the user's home): the Deno kernel from node_modules.
export JUPYTER_PATH="$work/jupyter"
mkdir -p "$JUPYTER_PATH/kernels/deno"
cat >"$JUPYTER_PATH/kernels/deno/kernel.json" <<JSON
{"argv": ["${deno[0]}", "${deno[1]}", "jupyter", "--kernel", "--conn", "{connection_file}"],
 "display_name": "Deno", "language": "typescript"}
JSON

status=0
for nb in "$here"/*.ipynb; do
  echo "== $(basename "$nb")"
  if ! jupyter-nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=deno \
      --ExecutePreprocessor.timeout=300 --output-dir "$out" "$nb"; then
    echo "FAILED: $(basename "$nb")" >&2
    status=1
  fi
done
# A chart that exported HTML cannot show (no static image, or an image without marks) fails the run.
python3 - "$out" <<'PY' || status=1
import json, pathlib, sys
bad = []
for nb in sorted(pathlib.Path(sys.argv[1]).glob('*.ipynb')):
    for i, cell in enumerate(json.loads(nb.read_text())['cells']):
        for out in cell.get('outputs', []):
            data = out.get('data', {})
            if any(k.startswith('application/vnd.vegalite') for k in data) and '<path' not in ''.join(data.get('image/svg+xml', '')):
                bad.append(f'{nb.name} cell {i}')
if bad:
    print('charts without a static image: ' + ', '.join(bad), file=sys.stderr)
    sys.exit(1)
PY
[ -n "${NOTEBOOK_OUT:-}" ] && echo "executed notebooks in $out"
exit $status
