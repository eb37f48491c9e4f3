"""Make the example scripts importable: ``import mnist``, ``benchmark``, ``numpy_mlp``."""

import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
if str(EXAMPLES) not in sys.path:
    sys.path.insert(0, str(EXAMPLES))
