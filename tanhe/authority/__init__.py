"""The authority's own work beside review (主管部门): the province-wide data screening (数据筛查)
now; arranging verification and the rest of issue #10's authority side will grow here."""
