/**
 * The synthetic people a seeding signs in: names from many languages, a
 * few without a name or an email, and numeric subject ids of every length
 * so that substring filters meet their traps.
 */

const firstNames = (
  'Ada,Aisha,Alejandro,Amara,Anders,Ana,Arjun,Astrid,Beatriz,Bilal,' +
  'Camille,Chen,Chloé,Dmitri,Elif,Emeka,Emma,Fatima,Finn,Freya,' +
  'Gabriel,Hana,Hiroshi,Ingrid,Isabel,Jamal,Jonas,José,Kai,Karin,' +
  'Kwame,Lars,Layla,Leon,Lucía,Mai,Malik,María,Mateo,Mei,Mia,' +
  'Mohammed,Nadia,Nia,Noah,Olga,Omar,Oscar,Priya,Rafael,Ravi,Rosa,' +
  'Saanvi,Sami,Sara,Sofia,Søren,Tariq,Thandiwe,Tomás,Yara,Yusuf,' +
  'Zoë,Zhang Wei'
).split(',');

const lastNames = (
  'Abara,Andersson,Bakker,Becker,Chen,Costa,da Silva,Dubois,Dupont,' +
  'Eriksen,Fernández,Fischer,García,Gupta,Haddad,Hansen,Ivanova,' +
  'Jensen,Kim,Kowalski,Kumar,Larsen,Lee,Li,Mbeki,Moreau,Müller,' +
  "Nakamura,Nguyen,O'Brien,Okafor,Okonkwo,Papadopoulos,Patel," +
  'Petrov,Rahman,Rossi,Sato,Schmidt,Silva,Smith,Smith-Jones,Suzuki,' +
  'Tanaka,van der Berg,Wang,Weber,Williams,Yilmaz,Zhou'
).split(',');

const mailDomains = [
  'example.com',
  'example.org',
  'example.net',
  'mail.example',
  'corp.example',
];

export interface SeedAccount {
  subjectId: string;
  username: string;
  name: string | null;
  email: string | null;
}

export function makeAccount(
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
  takenSubjects: Set<string>,
): SeedAccount {
  const subjectId = freshSubjectId(random, takenSubjects);
  const first = pick(firstNames);
  const last = pick(lastNames);
  const local = `${first}.${last}`
    .normalize('NFD')
    .replace(/[^A-Za-z.]/g, '')
    .toLowerCase();
  const email = `${local}.${subjectId}@${pick(mailDomains)}`;

  // A few accounts have no name (the session shows the email instead) and
  // a very few have neither, so filters meet sessions without a name.
  const roll = random();
  return {
    subjectId,
    username: `${local}.${subjectId}`,
    name: roll < 0.05 ? null : `${first} ${last}`,
    email: roll < 0.01 ? null : email,
  };
}

/**
 * Numeric subject ids from one to twelve digits, drawn so every length is
 * about as likely: short ids run out quickly, which leaves ids like "7"
 * beside "17" and "700", the traps a substring filter falls into.
 */
function freshSubjectId(random: () => number, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const digits = 1 + Math.floor(random() * (attempt < 20 ? 12 : 15));
    const low = digits === 1 ? 1 : 10 ** (digits - 1);
    const value = low + Math.floor(random() * (10 ** digits - low));
    const subjectId = String(value);
    if (!taken.has(subjectId)) {
      taken.add(subjectId);
      return subjectId;
    }
  }
}
