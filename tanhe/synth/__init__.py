"""Synthetic provinces for the benchmark and the recall tests (issue #10 §3): ``tanhe synth``.

:mod:`tanhe.synth.plan` (pure) decides the plants and the planted anomalies,
:mod:`tanhe.synth.months` (pure) their year of numbers, :mod:`tanhe.synth.generate` writes them
into the database (Django).
"""
