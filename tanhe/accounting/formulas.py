"""The accounting guide's formulas as small pure functions on ``Decimal`` (unrounded results).

Rounding to reported decimals happens in the engine (``rounding.py``), at the points the national
form reports a value. Each docstring cites its clause; ``trace.FORMULAS`` holds the same text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CO2_PER_C = Decimal(44)  # 44/12: applied as × 44 ÷ 12 so the only division is exact-terminating
C_ATOMIC = Decimal(12)
MOLAR_VOLUME = Decimal("22.4")  # Nm³/kmol
WATER_ENTHALPY_20C = Decimal("83.74")  # kJ/kg
WATER_HEAT_CAPACITY = Decimal("4.1868")  # kJ/(kg·°C)
STANDARD_COAL_NCV = Decimal("29.271")  # GJ/tce
KILO = Decimal(1000)
HUNDRED = Decimal(100)
ONE = Decimal(1)

# Carbon atoms per molecule for gas composition (GB/T 13610 component names).
CARBON_ATOMS: dict[str, int] = {
    "CH4": 1, "C2H6": 2, "C3H8": 3, "C4H10": 4, "iC4H10": 4, "nC4H10": 4,
    "C5H12": 5, "iC5H12": 5, "nC5H12": 5, "neoC5H12": 5, "C6H14": 6, "C6+": 6,
    "C2H4": 2, "C3H6": 3, "C4H8": 4, "CO": 1, "CO2": 1,
    "H2": 0, "N2": 0, "O2": 0, "H2S": 0, "He": 0, "Ar": 0, "H2O": 0,
}  # fmt: skip


def fuel_heat(consumption: Decimal, ncv: Decimal) -> Decimal:
    """化石燃料热量 HE = FC × NCVar (GJ). 核算指南 化石燃料燃烧排放."""
    return consumption * ncv


def carbon_from_unit_heat(ncv: Decimal, unit_heat_carbon: Decimal) -> Decimal:
    """收到基元素碳含量 Car = NCVar × CC (tC/t or tC/10^4Nm³), used when carbon is not measured.

    核算指南 元素碳含量未实测时的计算 (accounting-rules §2.3).
    """
    return ncv * unit_heat_carbon


def unit_heat_carbon(carbon_per_unit: Decimal, ncv: Decimal) -> Decimal:
    """单位热值含碳量 CC = Car / NCVar (tC/GJ). 报送系统 燃料信息表 自动计算."""
    return carbon_per_unit / ncv


def combustion_emissions(
    consumption: Decimal, carbon_per_unit: Decimal, oxidation_rate: Decimal
) -> Decimal:
    """化石燃料燃烧排放量 E = FC × Car × OF × 44/12 (tCO₂); OF as a fraction.

    核算指南 化石燃料燃烧排放 (accounting-rules §2.2); computed month by month.
    """
    return consumption * carbon_per_unit * oxidation_rate * CO2_PER_C / C_ATOMIC


def weighted_mean(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """Σ(w × x) / Σ w — the quantity-weighted mean of monthly NCV and carbon (§6.1, §14)."""
    total_w = Decimal(0)
    total_wx = Decimal(0)
    for w, x in pairs:
        total_w += w
        total_wx += w * x
    if not total_w:
        raise ZeroDivisionError("weights sum to zero")
    return total_wx / total_w


def daily_sums(
    records: Iterable[Any],
) -> tuple[Decimal, Decimal | None, Decimal | None]:
    """Σ FC_k, Σ FC_k × NCV_k and Σ FC_k × Car_k over a month's days or batches, in one pass.

    The month's NCV and carbon are these weighted sums ÷ Σ FC_k (报送系统 燃料信息表 说明1,
    accounting-rules §6.1); a sum is ``None`` when any record lacks that value.
    """
    total = Decimal(0)
    ncv: Decimal | None = Decimal(0)
    carbon: Decimal | None = Decimal(0)
    for r in records:
        q = r.quantity
        total += q
        if ncv is not None:
            ncv = None if r.ncv is None else ncv + q * r.ncv
        if carbon is not None:
            carbon = None if r.carbon_content is None else carbon + q * r.carbon_content
    return total, ncv, carbon


def arithmetic_mean(values: Sequence[Decimal]) -> Decimal:
    """Σ x / n — gas carbon content from the month's tests (accounting-rules §2.5)."""
    if not values:
        raise ValueError("no values to average")
    return sum(values, Decimal(0)) / len(values)


def gas_carbon_from_composition(volume_percent: Iterable[tuple[str, Decimal]]) -> Decimal:
    """Cg = Σ(12 × CN_n × V_n / 22.4) × 10 (tC/10^4Nm³), V_n the volume fraction.

    Components are given in volume percent (as gas analysis reports print them) and converted to
    fractions here. 核算指南 气体燃料元素碳含量 (accounting-rules §2.5).
    """
    total = Decimal(0)
    for component, v in volume_percent:
        total += C_ATOMIC * CARBON_ATOMS[component] * v / HUNDRED / MOLAR_VOLUME
    return total * 10


def carbon_as_received_from_air_dried(
    c_ad: Decimal, moisture_ar: Decimal, moisture_ad: Decimal
) -> Decimal:
    """Car = Cad × (100 − Mar) / (100 − Mad). GB/T 483 基准换算 (accounting-rules §2.4)."""
    return c_ad * (HUNDRED - moisture_ar) / (HUNDRED - moisture_ad)


def carbon_as_received_from_dry(c_d: Decimal, moisture_ar: Decimal) -> Decimal:
    """Car = Cd × (100 − Mar) / 100. GB/T 483 基准换算 (accounting-rules §2.4)."""
    return c_d * (HUNDRED - moisture_ar) / HUNDRED


def ncv_as_received_from_air_dried(
    q_net_ad: Decimal, moisture_total: Decimal, moisture_ad: Decimal
) -> Decimal:
    """Qnet,ar = (Qnet,ad + 0.023·Mad) × (100 − Mt)/(100 − Mad) − 0.023·Mt, in GJ/t.

    GB/T 213 (23 J/g per % moisture = 0.023 GJ/t): removes the air-dried moisture's latent heat,
    rescales to the as-received mass and subtracts the total moisture's latent heat.
    """
    k = Decimal("0.023")
    return (q_net_ad + k * moisture_ad) * (HUNDRED - moisture_total) / (
        HUNDRED - moisture_ad
    ) - k * moisture_total


def ncv_as_received_from_gross_air_dried(
    q_gr_ad: Decimal, hydrogen_ad: Decimal, moisture_total: Decimal, moisture_ad: Decimal
) -> Decimal:
    """Qnet,ar = (Qgr,ad − 0.206·Had) × (100 − Mt)/(100 − Mad) − 0.023·Mt, in GJ/t (GB/T 213)."""
    return (q_gr_ad - Decimal("0.206") * hydrogen_ad) * (HUNDRED - moisture_total) / (
        HUNDRED - moisture_ad
    ) - Decimal("0.023") * moisture_total


def electricity_emissions(mwh: Decimal, grid_factor: Decimal) -> Decimal:
    """购入电力排放 E电 = AD电 × EF电 (tCO₂). 核算指南 (accounting-rules §2.7)."""
    return mwh * grid_factor


def split_equally(total: Decimal, parts: int, places: int) -> list[Decimal]:
    """Split ``total`` into ``parts`` equal shares at ``places`` decimals, keeping the sum exact.

    报送系统 购入使用电量表：外购电量无法分机组的，可按机组数目平分. The shares differ by at most
    one unit of the last place; the first shares take the remainder.

    >>> split_equally(Decimal("1000.00"), 3, 2)
    [Decimal('333.34'), Decimal('333.33'), Decimal('333.33')]
    """
    if parts < 1:
        raise ValueError("parts must be ≥ 1")
    quantum = Decimal(1).scaleb(-places)
    units = int((total / quantum).to_integral_value())
    if units * quantum != total:
        raise ValueError(f"{total} has more than {places} decimals")
    base, rest = divmod(abs(units), parts)
    sign = -1 if units < 0 else 1
    return [sign * (base + (1 if i < rest else 0)) * quantum for i in range(parts)]


def split_by_weights(total: Decimal, weights: list[Decimal], places: int) -> list[Decimal]:
    """Split ``total`` in proportion to ``weights`` at ``places`` decimals, keeping the sum exact:
    each share rounded half up, the difference of rounding given to the largest weight's share.

    seed 000 机组信息 说明 c): 机组辅助燃料量无法分机组计量的，可按机组发电量比例分配.

    >>> split_by_weights(Decimal("100.00"), [Decimal(1), Decimal(1), Decimal(1)], 2)
    [Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
    """
    whole = sum(weights, Decimal(0))
    if whole <= 0:
        raise ValueError("weights must sum to more than 0")
    quantum = Decimal(1).scaleb(-places)
    shares = [(total * w / whole).quantize(quantum, ROUND_HALF_UP) for w in weights]
    largest = max(range(len(weights)), key=lambda i: (weights[i], -i))
    shares[largest] += total - sum(shares, Decimal(0))
    return shares


def steam_heat(mass_t: Decimal, enthalpy_kj_per_kg: Decimal) -> Decimal:
    """Qst = Mast × (Enst − 83.74) × 10⁻³ (GJ). 核算指南 供热量 (accounting-rules §4)."""
    return mass_t * (enthalpy_kj_per_kg - WATER_ENTHALPY_20C) / KILO


def steam_heat_balance(
    mass_t: Decimal,
    enthalpy: Decimal,
    return_t: Decimal,
    return_enthalpy: Decimal,
    makeup_t: Decimal,
    makeup_enthalpy: Decimal,
) -> Decimal:
    """Q = (M供 × h供 − M回 × h回 − M补 × h补) × 10⁻³ (GJ). 核查技术指南 表16 验: 直接供汽 with its
    condensate return and make-up water, or a heating network's supply, return and make-up."""
    return (mass_t * enthalpy - return_t * return_enthalpy - makeup_t * makeup_enthalpy) / KILO


def through_exchanger(heat_gj: Decimal, efficiency_pct: Decimal) -> Decimal:
    """Q = Q二次侧 / η热网加热器 (GJ): heat metered on the exchanger's secondary side is reported
    back to the unit (核查技术指南 表16 验 间接供热; accounting-rules §4)."""
    return heat_gj / (efficiency_pct / HUNDRED)


def hot_water_heat(mass_t: Decimal, temperature_c: Decimal) -> Decimal:
    """Qw = Maw × (Tw − 20) × 4.1868 × 10⁻³ (GJ). 核算指南 供热量 (accounting-rules §4)."""
    return mass_t * (temperature_c - 20) * WATER_HEAT_CAPACITY / KILO


def heat_ratio_percent(heat_gj: Decimal, boiler_output_gj: Decimal) -> Decimal:
    """α = Q供热 / Q锅炉产热 × 100 %. 供热比: the heat supplied over the boilers' heat output in
    the period (核算指南 术语 供热比; the digest marks the denominator [U], accounting-rules §5)."""
    return heat_gj / boiler_output_gj * HUNDRED


def boiler_output(fuel_heat_gj: Decimal, efficiency_pct: Decimal) -> Decimal:
    """Q锅炉产热 = Σ(FC × NCV) × η锅炉 (GJ): the boilers' output from their fuel heat and
    efficiency, where the output is not metered."""
    return fuel_heat_gj * efficiency_pct / HUNDRED


def biomass_heat_share(biomass_heat_gj: Decimal, total_heat_gj: Decimal) -> Decimal:
    """生物质热量占比 = Q生物质 / (Q生物质 + Σ 化石燃料热量) × 100 % (核查技术指南 表13)."""
    return biomass_heat_gj / total_heat_gj * HUNDRED


def boiler_heat_input(boiler_output_gj: Decimal, efficiency_pct: Decimal) -> Decimal:
    """The boilers' heat input = Q锅炉产热 / η锅炉 (GJ), 表13's cross-check of the biomass share."""
    return boiler_output_gj / (efficiency_pct / HUNDRED)


def standard_coal(fuel_heat_gj: Decimal) -> Decimal:
    """Bb = HE / 29.271 (tce). 煤耗 (accounting-rules §5)."""
    return fuel_heat_gj / STANDARD_COAL_NCV


def consumption_rate(share: Decimal, fuel_use: Decimal, output: Decimal, scale: Decimal) -> Decimal:
    """供电/供热 煤耗 (气耗) = share × Bb / W × scale (accounting-rules §5).

    share is (1 − α) for power and α for heat; Bb in tce (or gas in 10⁴Nm³); scale turns
    tce/MWh into gce/kWh (× 1000), tce/GJ into kgce/GJ (× 1000), 10⁴Nm³ into Nm³ (× 10⁴).
    """
    return share * fuel_use / output * scale


def emission_intensity(share: Decimal, emissions: Decimal, output: Decimal) -> Decimal:
    """供电/供热 碳排放强度 = share × E / W, tCO₂/MWh or tCO₂/GJ (accounting-rules §5)."""
    return share * emissions / output


def capacity_weighted_hours(members: Sequence[tuple[Decimal, Decimal]]) -> Decimal:
    """t = Σ(P_i × t_i) / Σ P_i for units reported together (合并填报) (accounting-rules §5)."""
    return weighted_mean(members)


def load_factor_percent(generation_mwh: Decimal, rated_hours_mwh: Decimal) -> Decimal:
    """F = Wfd / Σ(Pe,i × t_i) × 100 %. 负荷（出力）系数 (accounting-rules §5)."""
    return generation_mwh / rated_hours_mwh * HUNDRED
