"""Integrity evidence (issue 23): per-assessment settings (signals off/basic/full, AI assistance), the
candidate app's recording (editor change sets, pastes, focus and visibility), the facts drawn from it,
and its playback. Evidence, never a verdict: nothing here changes a score."""
