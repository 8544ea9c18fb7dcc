/** The demo's dataset: Swahili proverbs (methali), each with its meaning. */
export const manifest = {
  schema: "cairn.manifest/1" as const,
  name: "Methali za Kiswahili",
  description: "Swahili proverbs (methali) with their meaning in English, gathered by the people who use them.",
  language: "sw",
  region: "East Africa",
  license: "CC-BY-4.0",
  items: { kind: "text" as const, mediaTypes: ["text/plain"], fields: { meaning: "English meaning" } },
  guidelines: "One proverb per file, followed by its meaning. Oral tradition or a cited source. No duplicates.",
  terms: "I may share what I contribute and license it under CC-BY-4.0 for training language models.",
};

/** Who brings which proverbs. */
export const contributions: Record<string, string[]> = {
  Amani: [
    "Haba na haba hujaza kibaba.\nLittle by little fills the measure.",
    "Pole pole ndio mwendo.\nSlowly, slowly is the way to go.",
  ],
  Baraka: [
    "Asiyefunzwa na mamaye hufunzwa na ulimwengu.\nWho is not taught by their mother is taught by the world.",
    "Mwenye pupa hadiriki kula tamu.\nThe hasty one never tastes the sweet.",
  ],
  Chiku: [
    "Kidole kimoja hakivunji chawa.\nOne finger cannot crush a louse.",
    "Mgeni siku mbili, siku ya tatu mpe jembe.\nA guest for two days; on the third, give them a hoe.",
  ],
};
