// Resident population by state, in thousands: U.S. Census Bureau, Vintage 2023 population estimates
// (July 1, 2023), rounded to the nearest ten thousand. Used ONLY as sampling weights that spread the
// synthetic demo postings and awards over states roughly as people live; never shown as data.
// Public domain (U.S. government work).
export const STATE_POPULATION_THOUSANDS: Record<string, number> = {
  AL: 5110, AK: 730, AZ: 7430, AR: 3070, CA: 38970, CO: 5880, CT: 3620, DE: 1030, DC: 680, FL: 22610,
  GA: 11030, HI: 1440, ID: 1960, IL: 12550, IN: 6860, IA: 3210, KS: 2940, KY: 4530, LA: 4570, ME: 1400,
  MD: 6180, MA: 7000, MI: 10040, MN: 5740, MS: 2940, MO: 6200, MT: 1130, NE: 1980, NV: 3190, NH: 1400,
  NJ: 9290, NM: 2110, NY: 19570, NC: 10840, ND: 780, OH: 11790, OK: 4050, OR: 4230, PA: 12960, RI: 1100,
  SC: 5370, SD: 920, TN: 7130, TX: 30500, UT: 3420, VT: 650, VA: 8720, WA: 7810, WV: 1770, WI: 5910,
  WY: 580, PR: 3210,
};
