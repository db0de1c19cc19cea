"""Demo data for ``manage.py load_demo``: provinces, an authority, an agency, five enterprises and
their quality control plans at every stage of review (see ``province.build_demo``)."""

from tanhe.demo.province import DEMO_PASSWORD, Demo, Login, build_demo

__all__ = ["DEMO_PASSWORD", "Demo", "Login", "build_demo"]
