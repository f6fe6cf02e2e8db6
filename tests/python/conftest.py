"""Puts pipelines/airflow on sys.path so the DAG's helper module imports as the triggerer imports it."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AIRFLOW_DIR = ROOT / "pipelines" / "airflow"
if str(AIRFLOW_DIR) not in sys.path:
    sys.path.insert(0, str(AIRFLOW_DIR))
