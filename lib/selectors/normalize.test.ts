import { normalizeAccount, normalizeAddress, normalizeEmail, normalizeIdentityDocument, normalizePhone, normalizePlate, normalizeVin, selectorId, IdentityDocumentType } from './normalize';

describe('selector normalisation', () => {
  it('reads phone numbers as US, then Mexican, into E.164', () => {
    expect(normalizePhone('(520) 555-0142', 'phone').value).toBe('+15205550142');
    expect(normalizePhone('+1 520.555.0142', 'phone').value).toBe('+15205550142');
    expect(normalizePhone('662 123 4567', 'phone').value).toBe('+526621234567');
    expect(normalizePhone('+52 662 123 4567', 'phone').value).toBe('+526621234567');
    expect(() => normalizePhone('12', 'phones[0]', 'MX')).toThrow(/phones\[0\]: "12" is not a valid phone number for region MX/);
  });

  it('spells a plate one way, keeping who issued it', () => {
    const spellings = ['abc-1234', 'ABC 1234', ' abc1234 '].map((p) => normalizePlate(p, 'az', 'plate').value);
    expect(new Set(spellings)).toEqual(new Set(['PLATE:AZ:ABC1234']));
    expect(normalizePlate('ABC1234', 'TX', 'plate').value).not.toBe(spellings[0]);
    expect(() => normalizePlate('A', 'AZ', 'plate')).toThrow(/2 to 10/);
  });

  it('verifies the check digit of North American VINs', () => {
    expect(normalizeVin('1m8gdm9a-xkp042788', 'vin').value).toBe('VIN:1M8GDM9AXKP042788');
    expect(() => normalizeVin('1M8GDM9A1KP042788', 'vin')).toThrow(/check digit \(position 9 should be X\)/);
    expect(() => normalizeVin('1M8GDM9AXKP04278O', 'vin')).toThrow(/never I, O or Q/);
  });

  it('lower-cases e-mail, abbreviates addresses, and keys documents and accounts', () => {
    expect(normalizeEmail('  El.Tigre@Example.COM ', 'email').value).toBe('el.tigre@example.com');
    expect(() => normalizeEmail('not-an-address', 'email')).toThrow(/not an e-mail address/);
    expect(normalizeAddress('1420 North Calle Río Street, Nogales', 'address').value).toBe(normalizeAddress('1420 N. Calle Rio St Nogales', 'address').value);
    expect(normalizeIdentityDocument(IdentityDocumentType.PASSPORT, 'mex', 'g-1234 5678', 'document').value).toBe('PASSPORT:MEX:G12345678');
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
});
