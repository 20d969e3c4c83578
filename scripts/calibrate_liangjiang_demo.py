"""Rewrite the ILLUSTRATIVE Liangjiang demo activity data (see cityclimate.demo.calibration)."""

from pathlib import Path

from cityclimate.demo.calibration import build_activities

TARGET = Path(__file__).resolve().parents[1] / "src/cityclimate/demo/data/liangjiang/activities.csv"

if __name__ == "__main__":
    frame = build_activities()
    frame.write_csv(TARGET)
    print(f"wrote {frame.height} illustrative records to {TARGET}")
