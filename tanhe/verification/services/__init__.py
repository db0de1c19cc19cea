"""The verification workflow's business actions, one module per step of guide §4; each action is
one transaction that checks permission and state, changes, and writes its audit row."""
