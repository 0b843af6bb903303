"""An empty page for bench/page.py: the wizard's frame (state, navigation, sidebar) with nothing in the body."""
