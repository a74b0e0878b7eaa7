"""What changed for reps: the "What's new" page, its Atom feed and the marks on what changed since
a rep's last visit, told from the git history of the content.

One module per step: ``gitlog`` lists the commits of the window; ``replay`` compares each with its
first parent through ``playbook diff``'s comparison (``store`` keeps what was compared between
builds); ``story`` tells each change in a rep's words; ``stamps`` dates the last change of every
principle, sheet, item, talk track and objection for the marks; ``feed`` writes the Atom feed.
"""
