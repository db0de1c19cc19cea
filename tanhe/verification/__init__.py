"""Verification rules (核查技术指南 发电设施) — pure Python, no Django: checks on a plant-year that
the verifier's document review and the enterprise's pre-submission warnings share."""
