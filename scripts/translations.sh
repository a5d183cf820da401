#!/bin/sh
# The translator's workflow (docs/translating.md), with Babel from the `dev` extra:
#   sh scripts/translations.sh extract   -> netops/locale/netops.pot from the sources (babel.cfg)
#   sh scripts/translations.sh update    -> extract, then merge the template into each netops.po
#   sh scripts/translations.sh compile   -> each netops.po compiled to the netops.mo netops loads
#   sh scripts/translations.sh init xx   -> a catalog for a new language xx
# Uses the virtual environment's pybabel (NETOPS_VENV, default .venv) when there is one.
set -eu
cd "$(dirname "$0")/.."
venv="${NETOPS_VENV:-.venv}"
pybabel="pybabel"
[ -x "$venv/bin/pybabel" ] && pybabel="$venv/bin/pybabel"
locale=netops/locale
template="$locale/netops.pot"

extract() {
    # L_ and nL_ are netops.i18n's messages kept in English for JSON; _, N_ and ngettext are
    # among Babel's default keywords.
    "$pybabel" extract -F babel.cfg -k L_ -k nL_:1,2 --add-location=file --sort-by-file \
        --no-wrap --project=netops --copyright-holder="netops contributors" \
        --msgid-bugs-address="" -o "$template" netops
}

case "${1:-}" in
    extract) extract ;;
    update)
        extract
        "$pybabel" update -i "$template" -d "$locale" -D netops --no-wrap --ignore-obsolete ;;
    compile) "$pybabel" compile -d "$locale" -D netops --statistics ;;
    init) "$pybabel" init -i "$template" -d "$locale" -D netops -l "${2:?init needs a language, e.g. pt_BR}" --no-wrap ;;
    *) echo "usage: sh scripts/translations.sh extract|update|compile|init LANG" >&2; exit 2 ;;
esac
