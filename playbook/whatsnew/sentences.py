"""The sentences that tell reps what changed, by subject, field and kind of change.

``{T}`` is the principle, sheet, stage, role or point of the call the change is about (a link when it
still exists), ``{B}`` its words before, ``{n}`` how many; the quotes of what changed follow a colon.
Each entry is (one change, several changes); an empty second form repeats the first.
"""

from __future__ import annotations

# (field, kind) -> (one, many): {T} is the principle or sheet, {n} the count; quotes follow a colon.
SENTENCES = {
    "principle": {
        ("", "added"): ("New principle: {T}", ""),
        ("", "removed"): ("Retired: {T}", ""),
        ("title", "changed"): ("Renamed: {B} is now {T}", ""),
        ("summary", "changed"): ("New summary for {T}", ""),
        ("why", "changed"): ("The story behind {T} was rewritten", ""),
        ("stage", "changed"): ("{T} moved to the stage", ""),
        ("roles", "added"): ("{T} now also concerns the role", "{T} now also concerns the roles"),
        ("roles", "removed"): ("{T} no longer concerns the role", "{T} no longer concerns the roles"),
        ("checklist", "added"): ("New item in {T}", "New items in {T}"),
        ("checklist", "removed"): ("Item dropped from {T}", "{n} items dropped from {T}"),
        ("checklist", "reworded"): ("Item reworded in {T}", "{n} items reworded in {T}"),
        ("checklist", "moved"): ("Item moved to another point of the call in {T}", "{n} items moved in {T}"),
        ("checklist", "reordered"): ("Items of {T} in a new order", ""),
        ("say", "added"): ("New talk track for {T}", "New talk tracks for {T}"),
        ("say", "removed"): ("Talk track dropped from {T}", "{n} talk tracks dropped from {T}"),
        ("say", "reworded"): ("Talk track reworded in {T}", "{n} talk tracks reworded in {T}"),
        ("objections", "added"): ("New objection on {T}", "New objections on {T}"),
        ("objections", "removed"): ("Objection dropped from {T}", "{n} objections dropped from {T}"),
        ("objections", "reworded"): ("Objection reworded on {T}", "{n} objections reworded on {T}"),
        ("objections", "moved"): ("Objection moved to {T}", "{n} objections moved to {T}"),
        ("objections.ask", "*"): ("New question to ask first on {T}", "New questions to ask first on {T}"),
        ("objections.means", "*"): ("What an objection usually means, rewritten on {T}", ""),
        ("objections.say", "added"): ("New answer to an objection on {T}", "New answers to objections on {T}"),
        ("objections.say", "reworded"): ("Answer to an objection reworded on {T}", "Answers reworded on {T}"),
        ("objections.say", "removed"): ("Answer to an objection dropped from {T}", "Answers dropped from {T}"),
        ("how", "added"): ("New step in {T}", "New steps in {T}"),
        ("how", "removed"): ("Step dropped from {T}", "{n} steps dropped from {T}"),
        ("how", "reworded"): ("Step reworded in {T}", "{n} steps reworded in {T}"),
        ("how", "reordered"): ("Steps of {T} in a new order", ""),
        ("avoid", "added"): ("New pitfall to avoid in {T}", "New pitfalls to avoid in {T}"),
        ("avoid", "removed"): ("Pitfall dropped from {T}", "{n} pitfalls dropped from {T}"),
        ("avoid", "*"): ("What to avoid, reworded in {T}", ""),
        ("signals", "added"): ("New sign it is working, in {T}", "New signs it is working, in {T}"),
        ("signals", "removed"): ("Sign it is working dropped from {T}", "Signs dropped from {T}"),
        ("signals", "reworded"): ("Sign it is working reworded in {T}", "{n} signs reworded in {T}"),
    },
    "call-sheet": {
        ("", "added"): ("New call sheet: {T}", ""),
        ("", "removed"): ("Call sheet retired: {T}", ""),
        ("title", "changed"): ("Call sheet renamed: {B} is now {T}", ""),
        ("summary", "changed"): ("New summary for the {T} sheet", ""),
        ("stage", "changed"): ("The {T} sheet moved to the stage", ""),
        ("fields", "added"): ("The {T} sheet's header now asks for", ""),
        ("fields", "removed"): ("The {T} sheet's header no longer asks for", ""),
        ("fields", "reworded"): ("The {T} sheet's header now asks for", ""),
        ("page.checklist", "added"): ("The {T} sheet now prints", ""),
        ("page.checklist", "removed"): ("The {T} sheet no longer prints", ""),
        ("page.checklist", "reworded"): ("The {T} sheet prints reworded", ""),
        ("page.checklist", "moved"): ("The {T} sheet prints at another point of the call", ""),
        ("page.say", "added"): ("The {T} sheet now prints the talk track", "The {T} sheet now prints the talk tracks"),
        ("page.say", "removed"): (
            "The {T} sheet no longer prints the talk track",
            "The {T} sheet no longer prints the talk tracks",
        ),
        ("page.say", "reworded"): ("The {T} sheet prints a reworded talk track", ""),
        ("page.objections", "added"): (
            "The {T} sheet now prints the objection",
            "The {T} sheet now prints the objections",
        ),
        ("page.objections", "removed"): ("The {T} sheet no longer prints the objection", ""),
        ("page.objections", "*"): ("The {T} sheet prints new words for the objection", ""),
    },
    "playbook": {
        ("title", "changed"): ("The playbook is now called", ""),
        ("description", "changed"): ("The playbook's introduction was rewritten", ""),
        ("stages", "added"): ("New stage of the sales cycle: {T}", ""),
        ("stages", "removed"): ("Stage dropped from the sales cycle: {T}", ""),
        ("stages", "*"): ("New words for the stage {T}", ""),
        ("roles", "added"): ("New role: {T}", ""),
        ("roles", "removed"): ("Role dropped: {T}", ""),
        ("roles", "*"): ("New words for the role {T}", ""),
        ("pauses", "added"): ("New point of the call: {T}", ""),
        ("pauses", "removed"): ("Point of the call dropped: {T}", ""),
        ("pauses", "*"): ("A point of the call was renamed: {T}", ""),
    },
}
