"""The documentation tells the truth: keys and commands generated and current, the role
table the grants, the README short, and every relative link pointing at something."""

import importlib.util
import re
from pathlib import Path

import click
import pytest

from tourdesk.cli import cli, walk_commands
from tourdesk.tui.keymap import KEY_NAMES, SECTIONS

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = ROOT / "docs"


def _generator():
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["keys", "commands"])
def test_the_generated_docs_are_current(name):
    """docs/keys.md and docs/commands.md are what `make docs` writes from the code now."""
    generate = _generator()
    built = {"keys": generate.keys_markdown, "commands": generate.commands_markdown}[name]()
    committed = (DOCS / f"{name}.md").read_text(encoding="utf-8")
    assert committed == built, f"docs/{name}.md is out of date: run `make docs`"


def test_every_binding_is_in_the_key_reference():
    keys = (DOCS / "keys.md").read_text(encoding="utf-8")
    sections = {part.split("\n", 1)[0]: part for part in keys.split("\n## ")[1:]}
    for where, bindings in SECTIONS:
        rows = [line for line in sections[where].splitlines() if line.startswith("| `")]
        for binding in bindings:
            first = binding.key.split(",")[0]
            assert any(f"`{KEY_NAMES.get(first, first)}`" in r and binding.description in r
                       for r in rows), (where, binding.key)


def test_every_command_is_in_the_command_reference():
    commands_md = (DOCS / "commands.md").read_text(encoding="utf-8")
    with click.Context(cli) as ctx:
        commands = [name for name, _ in walk_commands(cli, ctx, "tourdesk")]
    assert len(commands) >= 9
    for name in commands:
        assert f"\n## {name}\n" in commands_md, name


def test_a_stale_detail_stops_the_generator(monkeypatch):
    generate = _generator()
    monkeypatch.setitem(generate.KEY_DETAILS, "gone.binding", "nothing")
    with pytest.raises(SystemExit, match=r"gone\.binding"):
        generate.keys_markdown()
    monkeypatch.setitem(generate.COMMAND_NOTES, "tourdesk gone", "nothing")
    with pytest.raises(SystemExit, match="tourdesk gone"):
        generate.commands_markdown()


def test_the_lazy_command_table_matches_the_commands_defined():
    from tourdesk.cli.base import LAZY_COMMANDS

    for module in set(LAZY_COMMANDS.values()):
        importlib.import_module(f"tourdesk.cli.{module}")
    assert set(cli.commands) == set(LAZY_COMMANDS)


def test_the_readme_role_table_is_the_grants():
    """One table says who sees what; it must be the rule the services enforce."""
    from tourdesk.domain.access import GRANTS, WORDS, Capability, Role

    lines = README[README.index("| may | manager |"):].splitlines()
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    roles = [Role(name) for name in header[1:]]
    rows = {}
    for line in lines[2:]:
        if not line.startswith("| "):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        found = [c for c in Capability if cells[0].startswith(WORDS[c])]
        assert len(found) == 1, cells[0]
        rows[found[0]] = {role for role, cell in zip(roles, cells[1:], strict=True)
                          if cell == "✓"}
    assert set(rows) == set(Capability)
    for capability, allowed in rows.items():
        assert allowed == {r for r in Role if capability in GRANTS[r]}, capability


def test_the_readme_stays_short():
    assert len(README.encode("utf-8")) <= 12 * 1024


PAGES = sorted([ROOT / "README.md", ROOT / "CONTRIBUTING.md", ROOT / "benchmarks" / "README.md",
                *DOCS.glob("*.md")])
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)


def _anchors(page: Path) -> set[str]:
    """The heading ids GitHub gives a page: lower case, punctuation but - and _ dropped,
    spaces to dashes."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    headings = re.findall(r"^#{1,6} (.+?)\s*$", text, re.M)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def _links(page: Path) -> list[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)  # code spans are not links
    return LINK.findall(text)


def _broken(page: Path) -> list[str]:
    """Relative links of `page` whose file, or whose heading in a Markdown file, is missing."""
    broken = []
    for target in _links(page):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists() or (anchor and file.suffix == ".md"
                                 and anchor not in _anchors(file)):
            broken.append(target)
    return broken


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_every_relative_link_resolves(page):
    assert page.exists()
    assert _broken(page) == []


def test_the_link_check_can_fail(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# A title, and `more`\n\n[ok](page.md#a-title-and-more) [gone](missing.md#x) "
                    "[no](#nowhere) ![pic](pic.svg) [web](https://example.com) `[code](x.md)`\n",
                    encoding="utf-8")
    assert _broken(page) == ["missing.md#x", "#nowhere", "pic.svg"]
    (tmp_path / "pic.svg").write_text("<svg/>", encoding="utf-8")
    assert _broken(page) == ["missing.md#x", "#nowhere"]
