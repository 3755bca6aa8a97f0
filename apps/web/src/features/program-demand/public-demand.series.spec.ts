import { describe, expect, it } from "vitest";
import type { ProgramAwardLevelRow } from "@credpulse/contracts";
import { completionsByYearTable, countText, gapLabelText } from "./public-demand.series";

const row = (awardLevel: number, label: string, trend: ProgramAwardLevelRow["completionsTrend"]): ProgramAwardLevelRow => ({
  awardLevel, label, tier: "bachelor", postings: 0, completions: trend.at(-1) ?? { value: 0, suppressed: false }, completionsTrend: trend,
  openings: null, openingsFullCredit: null, medianWage: null, gap: null, gapLabel: null,
});

describe("program card series", () => {
  it("tables completions by award level and IPEDS year, keeping suppressed cells suppressed and missing years 0", () => {
    const t = completionsByYearTable(
      [row(5, "Bachelor's", [{ year: 2022, value: 990, suppressed: false }, { year: 2023, value: 1050, suppressed: false }]), row(20, "Certificate, under 12 weeks", [{ year: 2023, value: null, suppressed: true }])],
      [2022, 2023],
    );
    expect(t.columns.map((c) => c.label)).toEqual(["Award level", "2021-22", "2022-23"]);
    expect(t.rows).toEqual([["Bachelor's", 990, 1050], ["Certificate, under 12 weeks", 0, { suppressed: true }]]);
  });

  it("reads labels and protected counts for people", () => {
    expect(gapLabelText("gap")).toMatch(/^Gap/);
    expect(gapLabelText(null)).toBe("n/a");
    expect(countText({ value: null, suppressed: true }, 10)).toBe("suppressed (fewer than 10)");
    expect(countText({ value: 1050, suppressed: false }, 10)).toBe("1,050");
  });
});
