"""Calculator (核算器): upload a ``tanhe.plant-year/1`` file, see the result with its working."""
