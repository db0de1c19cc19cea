"""核查 (verification) workflow: the province arranges it, the agency's team reviews the documents,
visits the plant, samples, raises non-conformities and confirms every value (核查技术指南 发电设施
§4.1–4.5, seed 002). The pure rules it uses live in ``tanhe.checks`` (findings, checklist,
sampling); the calculations in ``tanhe.accounting``.
"""
