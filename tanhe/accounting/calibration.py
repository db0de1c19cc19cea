"""Conservative adjustment of a metered value for late or missing calibration (保守处理).

核查技术指南 发电设施 5.4.1.1 and 表7 注意事项 (seed 002):

| 校准情况 | 处理 |
|---|---|
| 未延迟校准、准确度符合规定 | 接受实际检测结果 |
| 未延迟校准、准确度超过规定要求 | 检测结果 × (1 + 校准准确度 − 规定准确度) |
| 未校准 | 检测结果 × (1 + 规定准确度) |
| 延迟校准 | 校准覆盖时间段按未延迟校准处理，未覆盖时间段按未校准处理 |

The sign is chosen so the adjustment never lowers emissions: ``direction=+1`` for quantities that
raise emissions (consumption), ``-1`` for those that lower them.
"""

from __future__ import annotations

from decimal import Decimal

from tanhe.accounting.model import Calibration, CalibrationStatus

HUNDRED = Decimal(100)


def adjustment_factor(calibration: Calibration, direction: int = 1) -> Decimal:
    """The multiplier (1 ± a) for a value measured under ``calibration``.

    >>> from tanhe.accounting.model import Calibration, CalibrationStatus as S
    >>> adjustment_factor(Calibration(S.NOT_CALIBRATED, Decimal("0.5")))
    Decimal('1.005')
    >>> adjustment_factor(Calibration(S.OUT_OF_TOLERANCE, Decimal("0.5"), Decimal("1.2")))
    Decimal('1.007')
    """
    if direction not in (1, -1):
        raise ValueError("direction must be +1 or -1")
    required = calibration.required_accuracy_pct / HUNDRED
    status = calibration.status
    if status is CalibrationStatus.IN_TOLERANCE:
        return Decimal(1)
    if status is CalibrationStatus.OUT_OF_TOLERANCE:
        if calibration.calibrated_accuracy_pct is None:
            raise ValueError("准确度超过规定要求时须给出校准准确度")
        excess = calibration.calibrated_accuracy_pct / HUNDRED - required
        return 1 + direction * max(excess, Decimal(0))
    if status is CalibrationStatus.NOT_CALIBRATED:
        return 1 + direction * required
    share = calibration.covered_share
    if share is None or not 0 <= share <= 1:
        raise ValueError("延迟校准须给出校准覆盖份额（0–1）")
    # covered part: accepted as measured; uncovered part: treated as not calibrated
    return share + (1 - share) * (1 + direction * required)


def adjust(value: Decimal, calibration: Calibration, direction: int = 1) -> Decimal:
    """``value`` × the conservative factor (unrounded)."""
    return value * adjustment_factor(calibration, direction)
