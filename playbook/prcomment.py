"""Post the playbook diff on a pull request as one comment, updated in place on every push.

Run by the workflow template (``python -m playbook.prcomment``) through the GitHub CLI, which every
GitHub-hosted runner has: a new comment on the first push, the same comment edited afterwards, so
the conversation holds one current description of the change instead of one per push. The comment
is found by a hidden marker and its author (the workflow's bot), so a reviewer quoting it is never
edited.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

MARKER = "<!-- playbook-diff -->"
BOT = "github-actions[bot]"
MAX_BODY = 65_000  # GitHub refuses comments over 65,536 characters
TRUNCATED = "\n\n*The report is too long for a comment: the job summary of this run has all of it.*\n"


class CommentError(Exception):
    """The GitHub CLI is missing or refused a call."""


def _gh(*args: str, payload: dict | None = None) -> str:
    try:
        done = subprocess.run(
            ["gh", *args],
            input=json.dumps(payload) if payload is not None else None,
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise CommentError("the GitHub CLI (gh) is not installed") from exc
    if done.returncode != 0:
        raise CommentError(f"gh {' '.join(args[:3])} failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout


def _json_values(text: str) -> list:
    """``gh api --paginate`` prints one JSON array per page, back to back: read them all."""
    decoder, values, index = json.JSONDecoder(), [], 0
    while index < len(text):
        if text[index].isspace():
            index += 1
            continue
        value, index = decoder.raw_decode(text, index)
        values.extend(value if isinstance(value, list) else [value])
    return values


def comment_body(report: str) -> str:
    body = f"{MARKER}\n{report}"
    if len(body) > MAX_BODY:
        body = body[: MAX_BODY - len(TRUNCATED)].rsplit("\n", 1)[0] + TRUNCATED
    return body


def post(repo: str, pr: str, report: str, author: str = BOT) -> str:
    """Create or update the comment; returns what was done, for the log."""
    body = comment_body(report)
    comments = _json_values(_gh("api", "--paginate", f"repos/{repo}/issues/{pr}/comments?per_page=100"))
    ours = [
        c
        for c in comments
        if isinstance(c, dict) and MARKER in (c.get("body") or "") and (c.get("user") or {}).get("login") == author
    ]
    if ours:
        comment_id = ours[0]["id"]
        _gh(
            "api",
            "--method",
            "PATCH",
            f"repos/{repo}/issues/comments/{comment_id}",
            "--input",
            "-",
            payload={"body": body},
        )
        return f"updated comment {comment_id}"
    _gh("api", "--method", "POST", f"repos/{repo}/issues/{pr}/comments", "--input", "-", payload={"body": body})
    return "posted a new comment"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m playbook.prcomment", description=__doc__.split("\n")[0])
    parser.add_argument("--repo", required=True, help="owner/name, e.g. $GITHUB_REPOSITORY")
    parser.add_argument("--pr", required=True, help="the pull request's number")
    parser.add_argument("--body-file", required=True, help="the report, e.g. from `playbook diff --format markdown`")
    parser.add_argument("--author", default=BOT, help=f"whose comment to update (default: {BOT})")
    args = parser.parse_args(argv)
    try:
        report = Path(args.body_file).read_text("utf-8")
        print(f"playbook comment: {post(args.repo, args.pr, report, args.author)}")
    except (OSError, UnicodeDecodeError, CommentError, ValueError) as exc:
        print(f"playbook comment: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
