"""Bank statement entries and the payments they may be: suggestions AR accepts or
dismisses."""
