import { normalizeAccount, normalizeAddress, normalizeEmail, normalizeIdentityDocument, normalizePhone, normalizePlate, normalizeVin, selectorId, IdentityDocumentType } from './normalize';

describe('selector normalisation', () => {
  it('reads phone numbers as US, then Mexican, into E.164', () => {
    expect(normalizePhone('(520) 555-0142', 'phone').value).toBe('+15205550142');
    expect(normalizePhone('+1 520.555.0142', 'phone').value).toBe('+15205550142');
    expect(normalizePhone('662 123 4567', 'phone').value).toBe('+526621234567');
    expect(normalizePhone('+52 662 123 4567', 'phone').value).toBe('+526621234567');
    expect(() => normalizePhone('12', 'phones[0]', 'MX')).toThrow(/phones\[0\]: "12" is not a valid phone number for region MX/);
  });

  it("reads Mexico's retired long-distance prefix, and a number with its extension, as the same line", () => {
    for (const written of ['01 662 093 4335', '+52 1 662 093 4335 ext 5', '+52 662 093 4335 ext. 12', '044 (662) 093-4335 x7']) {
      expect(normalizePhone(written, 'phone').value).toBe('+526620934335');
    }
    expect(normalizePhone('(520) 555-0142 #3', 'phone').value).toBe('+15205550142');
  });

  it("reads Mexico's retired mobile prefixes as the same line", () => {
    for (const spelling of ['+52 1 662 123 4567', '+521 (662) 123-4567', '00 52 1 662 123 4567', '044 662 123 4567', '045-662-123-4567']) {
      expect(normalizePhone(spelling, 'phone').value).toBe('+526621234567');
    }
    // 044 is no prefix of a US number: asked as a US number, it stays invalid.
    expect(() => normalizePhone('044 662 123 4567', 'phone', 'US')).toThrow(/for region US/);
    // The error quotes the number as it was given, not as it was read.
    expect(() => normalizePhone('044 100 000 0000', 'phone', 'MX')).toThrow(/"044 100 000 0000" is not a valid phone number for region MX/);
  });

  it('spells a plate one way, keeping who issued it', () => {
    const spellings = ['abc-1234', 'ABC 1234', ' abc1234 '].map((p) => normalizePlate(p, 'az', 'plate').value);
    expect(new Set(spellings)).toEqual(new Set(['PLATE:AZ:ABC1234']));
    expect(normalizePlate('ABC1234', 'TX', 'plate').value).not.toBe(spellings[0]);
    expect(() => normalizePlate('A', 'AZ', 'plate')).toThrow(/2 to 10/);
  });

  it('spells each issuing jurisdiction one way: codes, names and ISO forms alike', () => {
    const issuer = (jurisdiction: string) => normalizePlate('ufj-078-b', jurisdiction, 'plate').value;
    for (const spelling of ['az', 'AZ', 'US-AZ', 'us az', 'Arizona']) expect(issuer(spelling)).toBe('PLATE:AZ:UFJ078B');
    for (const spelling of ['MX-SON', 'mx son', 'MEX-SON', 'Sonora']) expect(issuer(spelling)).toBe('PLATE:MX-SON:UFJ078B');
    for (const spelling of ['MX', 'MEX', 'México']) expect(issuer(spelling)).toBe('PLATE:MEX:UFJ078B');
    expect(issuer('Nuevo León')).toBe('PLATE:MX-NLE:UFJ078B');
    expect(issuer('New Mexico')).toBe('PLATE:NM:UFJ078B');
    for (const spelling of ['N.M.', 'n.m.', 'NM']) expect(issuer(spelling)).toBe('PLATE:NM:UFJ078B');
    expect(issuer('U.S.A.')).toBe('PLATE:USA:UFJ078B');
    // A Mexican state by its usual abbreviation, its ISO code or its name: one jurisdiction.
    for (const spelling of ['MX-BC', 'MX-BCN', 'Baja California']) expect(issuer(spelling)).toBe('PLATE:MX-BCN:UFJ078B');
    for (const spelling of ['Chih.', 'MX-CHH', 'Chihuahua']) expect(issuer(spelling)).toBe('PLATE:MX-CHH:UFJ078B');
    expect(issuer('SON')).toBe('PLATE:MX-SON:UFJ078B');
    expect(() => issuer('MX-XX')).toThrow(/is not an issuing state or country/);
    expect(() => normalizePlate('ABC1234', 'Atlantis 9', 'value', 'jurisdiction')).toThrow(/^jurisdiction: "Atlantis 9" is not an issuing state or country/);
    // Countries are ISO 3166 ones, by code or by name in English or Spanish; Canada's provinces keep their codes.
    for (const spelling of ['Guatemala', 'GT', 'gtm']) expect(issuer(spelling)).toBe('PLATE:GTM:UFJ078B');
    for (const spelling of ['Estados Unidos', 'United States of America', 'USA']) expect(issuer(spelling)).toBe('PLATE:USA:UFJ078B');
    expect(issuer('COL')).toBe('PLATE:COL:UFJ078B');
    expect(issuer('ON')).toBe('PLATE:ON:UFJ078B');
    for (const made_up of ['ZZ', 'NAN', 'XYZ', 'US-XX', 'ext. 99']) expect(() => issuer(made_up)).toThrow(/is not an issuing state or country/);
    // Mexico City's and Quintana Roo's plates as marked, and US territories.
    for (const spelling of ['DF', 'D.F.', 'CDMX']) expect(issuer(spelling)).toBe('PLATE:MX-CMX:UFJ078B');
    expect(issuer('QR')).toBe('PLATE:MX-ROO:UFJ078B');
    for (const spelling of ['US-GU', 'Guam']) expect(issuer(spelling)).toBe('PLATE:GU:UFJ078B');
  });

  it('reads past invisible format characters and compatibility forms', () => {
    expect(normalizePlate('ＵＦＪ\u00AD０７８Ｂ', 'AZ', 'plate').value).toBe('PLATE:AZ:UFJ078B');
    expect(normalizeAddress('\uFEFF123 Main St\u202E', 'address')).toMatchObject({ value: '123 MAIN ST', display: '123 Main St' });
    expect(normalizeEmail('el\u200Btigre@example.com', 'email').value).toBe('eltigre@example.com');
  });

  it('writes an address one way whatever the unit designator, number word or ZIP+4', () => {
    const one = (text: string) => normalizeAddress(text, 'address').value;
    const flat = ['123 North Main Street, Apt. 4', '123 N. Main St. #4', '123 n main st unit 4', '123 N MAIN ST APARTMENT # 4'].map(one);
    expect(new Set(flat)).toEqual(new Set(['123 N MAIN ST # 4']));
    expect(one('Calle 5 de Mayo No. 123, Col. Centro')).toBe(one('calle 5 de mayo 123 colonia centro'));
    expect(one('4512 E. Fort Lowell Rd., Tucson, AZ 85712-1234')).toBe(one('4512 East Ft Lowell Road Tucson AZ 85712'));
    expect(one('123 N Main St # 4')).not.toBe(one('123 N Main St # 5'));
    // Street first (a Mexican address), "#" is the house number, as "No." is; an interior is the unit.
    expect(one('Calle Juárez #123, Nogales')).toBe(one('Calle Juarez No. 123 Nogales'));
    expect(one('Calle 10 #45')).not.toBe(one('Calle 10 Int. 45'));
    expect(one('Calle 10 Int. 45')).toBe(one('calle 10 depto 45'));
    // The state closing an address as its code, with or without a country after it; a street named after one stays.
    const spellings = (...texts: string[]) => new Set(texts.map(one));
    expect(spellings('1234 Calle Obregón, Nogales, Sonora', '1234 calle obregon nogales son.', '1234 C. Obregón, Nogales, SON, México')).toEqual(new Set(['1234 C OBREGON NOGALES SON']));
    expect(spellings('4512 E Fort Lowell Rd, Tucson, Arizona 85712', '4512 E. Ft. Lowell Rd., Tucson, AZ 85712-0001, USA')).toEqual(new Set(['4512 E FT LOWELL RD TUCSON AZ']));
    expect(spellings('100 Main St, Las Cruces, New Mexico', '100 Main Street, Las Cruces, N.M.', '100 main st las cruces NM usa')).toEqual(new Set(['100 MAIN ST LAS CRUCES NM']));
    expect(spellings('Calle Juárez 12, C.P. 84000, Nogales, Sonora', 'Calle Juarez No. 12, CP 84000, Nogales, Son.')).toEqual(new Set(['C JUAREZ 12 84000 NOGALES SON']));
    expect(spellings('Blvd. Agua Caliente 10, Tijuana, Baja California', 'Boulevard Agua Caliente 10 Tijuana B.C. Mexico')).toEqual(new Set(['BLVD AGUA CALIENTE 10 TIJUANA BCN']));
    expect(one('5 Virginia St, Charleston, West Virginia')).toBe('5 VIRGINIA ST CHARLESTON WV');
    expect(one('123 Arizona Ave')).toBe('123 ARIZONA AVE');
    expect(one('500 W Calle Sonora')).toBe('500 W C SONORA');
    expect(one('Calle 3, Col. Jalisco')).toBe('C 3 COL JALISCO');
    expect(one('Calle Juárez 10, Col. México')).not.toBe(one('Calle Juárez 10'));
    expect(one('5 Oak St, W. Virginia')).not.toBe(one('5 Oak St W, VA'));
    expect(spellings('12 Main, Raleigh, N. Carolina', '12 Main, Raleigh, North Carolina', '12 Main, Raleigh, NC')).toEqual(new Set(['12 MAIN RALEIGH NC']));
    expect(spellings('C. P. 84000, Nogales', 'C.P. 84000 Nogales', 'CP 84000 Nogales')).toEqual(new Set(['84000 NOGALES']));
    // A normalised address reads as itself: a stored value can be respelled from the value alone.
    for (const text of ['1234 Calle Obregón, Nogales, Sonora, México', '100 Main St, Las Cruces, N.M. 88001, U.S.A.', '123 N. Main St. #4', 'Calle Juárez #123, Col. Centro, C.P. 84000']) {
      expect(one(one(text))).toBe(one(text));
    }
    // A designator is one only when a unit follows it.
    expect(one('12 Main St, Ste. Genevieve, MO')).toBe('12 MAIN ST STE GENEVIEVE MO');
  });

  it('writes a post office box, an avenue, an address with or without its ZIP, and the state however written, one way', () => {
    const spellings = (...texts: string[]) => new Set(texts.map((text) => normalizeAddress(text, 'address').value));
    expect(spellings('P.O. Box 77, Nogales, AZ 85628', 'PO Box 77 Nogales AZ 85628', 'Post Office Box 77, Nogales, Arizona 85628', 'p o box 77 nogales az 85628'))
      .toEqual(new Set(['PO BOX 77 NOGALES AZ']));
    expect(spellings('1234 N Grand Ave, Nogales, AZ 85621', '1234 N. Grand Av., Nogales AZ 85621', '1234 North Grand Avenue, Nogales, Arizona 85621-1234',
      '1234 n grand ave nogales az 85621 1234', '1234 N Grand Ave, Nogales, AZ, USA 85621', '1234 N Grand Ave Nogales AZ 85621 1234 USA'))
      .toEqual(new Set(['1234 N GRAND AVE NOGALES AZ']));
    expect(spellings('Av. Obregón 123, Nogales, Sonora', 'Avenida Obregon 123, Nogales, Son., México')).toEqual(new Set(['AVE OBREGON 123 NOGALES SON']));
    expect(spellings('Calle 5 de Mayo 12, Nogales, Son., México 84000', 'Calle 5 de Mayo 12, Nogales, Sonora 84000')).toEqual(new Set(['C 5 DE MAYO 12 NOGALES SON 84000']));
    // The ZIP or C.P. after the state is written or left out at will; the state as plates write it or as older records abbreviate it.
    expect(spellings('4610 E 12th St, Tucson, AZ 85711-1234', '4610 East 12th Street, Tucson, AZ', '4610 E 12th St, Tucson, Ariz.', '4610 E 12th St Tucson US-AZ'))
      .toEqual(new Set(['4610 E 12TH ST TUCSON AZ']));
    expect(spellings('3498 Calle Elías, Agua Prieta, Sonora', '3498 Calle Elias, Agua Prieta, Son.', '3498 Calle Elías, Agua Prieta, MX-SON'))
      .toEqual(new Set(['3498 C ELIAS AGUA PRIETA SON']));
    // A Mexican C.P. stays: one city's streets of one name in two colonias are two places.
    expect(spellings('Calle Juárez 10, Nogales, Son., C.P. 84000', 'Calle Juarez 10, Nogales, Sonora 84000')).toEqual(new Set(['C JUAREZ 10 NOGALES SON 84000']));
    expect(spellings('Calle Juárez 10, Nogales, Son., C.P. 84000', 'Calle Juárez 10, Nogales, Son., C.P. 84093').size).toBe(2);
    // The country after a ZIP+4 in initials.
    expect(normalizeAddress('1 Main St, Tucson, AZ 85701 1234, U.S.A.', 'address').value).toBe('1 MAIN ST TUCSON AZ');
    expect(normalizeAddress('12 Av. Juárez, Xalapa, Veracruz de Ignacio de la Llave', 'address').value).toBe('12 AVE JUAREZ XALAPA VER');
    expect(normalizeAddress('12 Main St Car Wash', 'address').value).toBe('12 MAIN ST CAR WASH');
    for (const lone of ['a', 'Sells']) expect(() => normalizeAddress(lone, 'address')).toThrow(/is not an address; give at least the street and number, or the place/);
    // Two boxes, two numbers: only a fifth-and-fourth pair of digits closing the address is a ZIP+4.
    expect(spellings('PO Box 77, Nogales, AZ', 'PO Box 78, Nogales, AZ').size).toBe(2);
    expect(normalizeAddress('1234 Main St 85621 1234 Tucson AZ', 'address').value).toBe('1234 MAIN ST 85621 1234 TUCSON AZ');
    for (const text of ['P.O. Box 77, Nogales, AZ 85628-0077', 'Av. Obregón 123, Nogales, Son., México 84000', '1 Main St, Tucson, AZ 85701 1234, U.S.A.', 'Calle Juárez 10, Nogales, Son., C.P. 84000']) {
      const once = normalizeAddress(text, 'address').value;
      expect(normalizeAddress(once, 'address').value).toBe(once);
    }
  });

  it('verifies the check digit of North American VINs', () => {
    expect(normalizeVin('1m8gdm9a-xkp042788', 'vin').value).toBe('VIN:1M8GDM9AXKP042788');
    expect(() => normalizeVin('1M8GDM9A1KP042788', 'vin')).toThrow(/check digit \(position 9 should be X\)/);
    expect(() => normalizeVin('1M8GDM9AXKP04278O', 'vin')).toThrow(/never I, O or Q/);
  });

  it('lower-cases e-mail, abbreviates addresses, and keys documents and accounts', () => {
    expect(normalizeEmail('  El.Tigre@Example.COM ', 'email').value).toBe('el.tigre@example.com');
    expect(() => normalizeEmail('not-an-address', 'email')).toThrow(/not an e-mail address/);
    // As pasted from a message header or a link, or with the domain fully qualified.
    for (const pasted of ['El Tigre <El.Tigre@Example.com>', '<el.tigre@example.com>', 'mailto:El.Tigre@example.com', 'mailto:el.tigre@example.com?subject=hola', 'el.tigre@example.com.']) {
      expect(normalizeEmail(pasted, 'email').value).toBe('el.tigre@example.com');
    }
    expect(() => normalizeEmail('El Tigre <>', 'email')).toThrow(/"El Tigre <>" is not an e-mail address/);
    // A look-alike (a Cyrillic а in the domain) or what no mail system delivers to is refused, not stored as another address.
    expect(() => normalizeEmail('el.tigre@ex\u0430mple.com', 'email')).toThrow(/mixes Latin letters with Cyrillic or Greek ones/);
    for (const bad of ['el..tigre@example.com', '.el@example.com', 'el@exam_ple.com', 'el@example-.com']) expect(() => normalizeEmail(bad, 'email')).toThrow(/is not an e-mail address/);
    expect(normalizeEmail('josé@correo.mx', 'email').value).toBe('josé@correo.mx');
    // A name or domain label in one script is as written, whatever the others are in.
    expect(normalizeEmail('info@президент.рф', 'email').value).toBe('info@президент.рф');
    // Documents: look-alike or accented letters are refused as for plates, and any dash separates.
    for (const bad of ['\u0410B1234', '\u00c1B1234', '!!!']) expect(() => normalizeIdentityDocument(IdentityDocumentType.PASSPORT, 'MEX', bad, 'document')).toThrow(/has characters no document number has/);
    expect(normalizeIdentityDocument(IdentityDocumentType.PASSPORT, 'MEX', 'G\u20111234\u20145678', 'document').value).toBe('PASSPORT:MEX:G12345678');
    for (const marked of ['N° 12345678', 'No. 12345678', '#12345678', '12345678,']) expect(normalizeIdentityDocument(IdentityDocumentType.PASSPORT, 'MEX', marked, 'document').value).toBe('PASSPORT:MEX:12345678');
    expect(normalizePlate('YMW\u20113395', 'AZ', 'plate').value).toBe('PLATE:AZ:YMW3395');
    // Accounts masked as statements print them.
    for (const masked of ['xxxx4821', 'XXXX-4821', '\u2022\u2022\u2022\u20224821', '**** 4821']) expect(normalizeAccount('Banco Azteca', masked, 'account').value).toBe('BANCO AZTECA:4821');
    expect(normalizeAddress('1420 North Calle Río Street, Nogales', 'address').value).toBe(normalizeAddress('1420 N. Calle Rio St Nogales', 'address').value);
    expect(normalizeIdentityDocument(IdentityDocumentType.PASSPORT, 'mex', 'g-1234 5678', 'document').value).toBe('PASSPORT:MEX:G12345678');
    for (const country of ['MX', 'México', 'Mexico']) expect(normalizeIdentityDocument(IdentityDocumentType.PASSPORT, country, 'G12345678', 'document').value).toBe('PASSPORT:MEX:G12345678');
    expect(() => normalizeIdentityDocument(IdentityDocumentType.PASSPORT, 'XYZ', 'G12345678', 'document')).toThrow(/^document\.issuingCountry: "XYZ" is not a country/);
    // Travel-document codes beside ISO's (ICAO 9303): stateless persons, the UN, Germany's D.
    for (const [code, read] of [['XXA', 'XXA'], ['UNO', 'UNO'], ['D', 'DEU'], ['RKS', 'RKS']]) expect(normalizeIdentityDocument(IdentityDocumentType.PASSPORT, code, 'G12345678', 'document').value).toBe(`PASSPORT:${read}:G12345678`);
    expect(normalizeAccount('Banco Azteca, S.A.', '****4821', 'account').value).toBe(normalizeAccount('BANCO AZTECA SA', '**4821', 'account').value);
    expect(() => normalizeAccount('Banco Azteca', '123456789012', 'account')).toThrow(/never send a full account number/);
  });

  it('gives one id to every spelling of one selector, in every subgraph', () => {
    const a = selectorId(normalizePlate('abc-1234', 'AZ', 'plate'));
    const b = selectorId(normalizePlate('ABC 1234', 'az', 'plate'));
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(selectorId(normalizePhone('(520) 555-0142', 'phone'))).not.toBe(a);
  });

  it('refuses characters a value cannot hold, and reads a region however its country is given', () => {
    // C1 controls (U+0085, the CSI of terminal escapes) are control characters as much as C0 ones.
    expect(() => normalizeAddress('123 Main St\u009b2J Tucson AZ', 'address')).toThrow(/^address contains control characters/);
    // Cyrillic look-alikes and accented letters are no plate's: dropping them read another plate.
    for (const plate of ['АВС1234', 'ÑAB123']) expect(() => normalizePlate(plate, 'AZ', 'plate')).toThrow(/^plate: .* Latin letters and digits/);
    for (const region of ['mx', ' MX ', 'MEX', 'México']) expect(normalizePhone('662 235 7643', 'phone', region).value).toBe('+526622357643');
    expect(() => normalizePhone('662 235 7643', 'phone', 'x'.repeat(3000), 'selector.region')).toThrow(/^selector\.region is 3000 characters long/);
    expect(() => normalizePhone('662 235 7643', 'phone', 'XX', 'selector.region')).toThrow(/^selector\.region: "XX" is not a country/);
    // A legal suffix written with its dots and spaces is the same institution.
    expect(normalizeAccount('Banco del Norte, S.A. de C.V.', '****7821', 'account').value).toBe('BANCO DEL NORTE:7821');
    expect(() => normalizeAccount('Banco del Norte', '7821', 'selector', 'selector.value')).toThrow(/^selector\.value must hide/);
  });

  it('reads a plate\'s jurisdiction as older records abbreviate it, a province by name and a Mexican state by its official name', () => {
    const issuer = (jurisdiction: string) => normalizePlate('ABC123', jurisdiction, 'plate').value.split(':')[1];
    for (const [given, read] of [['Ariz.', 'AZ'], ['Calif.', 'CA'], ['N. Mex.', 'NM'], ['Tex.', 'TX'], ['Ontario', 'ON'], ['Quebec', 'QC'], ['British Columbia', 'BC'],
      ['MX SONORA', 'MX-SON'], ['Mexico City', 'MX-CMX'], ['Distrito Federal', 'MX-CMX'], ['Edo. Méx.', 'MX-MEX'], ['Coahuila de Zaragoza', 'MX-COA'],
      ['Veracruz de Ignacio de la Llave', 'MX-VER'], ['Mich.', 'MX-MIC'], ['IND', 'IND']] as const) {
      expect([given, issuer(given)]).toEqual([given, read]);
    }
  });

  it('reads a plate\'s state followed by its country, and Mexican abbreviations in one or two words', () => {
    for (const [jurisdiction, issuer] of [['AZ USA', 'AZ'], ['AZ US', 'AZ'], ['CO, USA', 'CO'], ['Arizona, USA', 'AZ'], ['Sonora, México', 'MX-SON'], ['BC Canada', 'BC'], ['EDOMEX', 'MX-MEX'], ['Q. Roo', 'MX-ROO']]) {
      expect(normalizePlate('ABC123', jurisdiction, 'plate').value).toBe(`PLATE:${issuer}:ABC123`);
    }
    // A state named with another country is neither.
    expect(() => normalizePlate('ABC123', 'Texas, Mexico', 'plate')).toThrow(/is not an issuing state or country/);
    expect(normalizePlate('ABC123', 'GT GU', 'plate').value).toBe('PLATE:GT-GU:ABC123');
  });
});
