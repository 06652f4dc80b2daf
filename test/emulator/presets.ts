/**
 * The PRESET attributes every new project comes with. Keys are the refs a
 * PresetAttributeReference uses; names follow the product's "About
 * Attributes" page.
 */

export interface PresetAttribute {
  key: string;
  name: string;
  description: string;
}

export const PRESET_ATTRIBUTES: readonly PresetAttribute[] = [
  {
    key: "COUNTRY",
    name: "Country",
    description: "Country of the visitor, from their IP address",
  },
  {
    key: "REGION",
    name: "Region",
    description: "Region of the visitor, from their IP address",
  },
  {
    key: "CITY",
    name: "City",
    description: "City of the visitor, from their IP address",
  },
  {
    key: "DEVICE_TYPE",
    name: "Device Type",
    description: "Mobile, Tablet or Desktop",
  },
  {
    key: "OPERATING_SYSTEM",
    name: "Operating System",
    description: "Operating system of the visitor's device",
  },
  {
    key: "QUERY_PARAMETERS",
    name: "Query Parameter",
    description: "Query parameters of the visited URL",
  },
  {
    key: "REFERRER",
    name: "Referrer",
    description: "URL the visitor came from",
  },
  {
    key: "DATE_AND_TIME",
    name: "Date and Time",
    description: "Date and time of the visit",
  },
];

export const PRESET_KEYS: ReadonlySet<string> = new Set(
  PRESET_ATTRIBUTES.map((preset) => preset.key),
);
