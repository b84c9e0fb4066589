"""Building blocks every app shares and that know nothing of the domain: the optimistic edit
check (``core.revisions``) and text clean-up (``core.text``). Imports nothing from the apps."""
