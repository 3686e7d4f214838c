import { respelled } from './respelling';
import { normalizeAddress, normalizePlate, SelectorKind } from './normalize';

describe('respelling selectors stored under earlier rules', () => {
  it('moves a plate and an address to what a lookup computes today, and leaves the rest', () => {
    expect(respelled({ id: 'x', kind: SelectorKind.VEHICLE, value: 'PLATE:US-AZ:ABC1234', display: 'ABC1234 (US-AZ)' }))
      .toMatchObject({ value: normalizePlate('abc 1234', 'Arizona', 'plate').value, display: 'ABC1234 (AZ)' });
    expect(respelled({ id: 'x', kind: SelectorKind.ADDRESS, value: '123 N MAIN ST APT 4', display: '123 N Main St Apt 4' }))
      .toMatchObject({ value: normalizeAddress('123 North Main Street #4', 'address').value });
    expect(respelled({ id: 'x', kind: SelectorKind.ADDRESS, value: '1234 C OBREGON NOGALES SONORA', display: '1234 Calle Obregón, Nogales, Sonora' }))
      .toMatchObject({ value: '1234 C OBREGON NOGALES SON', display: '1234 Calle Obregón, Nogales, Sonora' });
    // Read from the value, which every database holds alike, so each moves it to the same id.
    expect(respelled({ id: 'x', kind: SelectorKind.ADDRESS, value: '12 MAIN RALEIGH N CAROLINA', display: '12 Main, Raleigh, N. Carolina' }))
      .toMatchObject({ value: normalizeAddress('12 Main, Raleigh, North Carolina', 'address').value, display: '12 Main, Raleigh, N. Carolina' });
    expect(respelled({ id: 'x', kind: SelectorKind.VEHICLE, value: 'PLATE:DF:ABC123', display: 'ABC123 (DF)' })).toMatchObject({ value: 'PLATE:MX-CMX:ABC123' });
    expect(respelled({ id: 'x', kind: SelectorKind.EMAIL, value: 'el\u200btigre@example.com', display: 'el\u200btigre@example.com' })).toMatchObject({ value: 'eltigre@example.com' });
    expect(respelled({ id: 'x', kind: SelectorKind.ADDRESS, value: 'P O BOX 77 NOGALES AZ 85628', display: 'P.O. Box 77, Nogales, AZ 85628' })).toMatchObject({ value: 'PO BOX 77 NOGALES AZ' });
    expect(respelled({ id: 'x', kind: SelectorKind.ADDRESS, value: 'AV OBREGON 123 NOGALES SON', display: 'Av. Obregón 123, Nogales, Son.' })).toMatchObject({ value: 'AVE OBREGON 123 NOGALES SON' });
    expect(respelled({ id: 'x', kind: SelectorKind.ADDRESS, value: '1234 N GRAND AVE NOGALES AZ USA 85621 1234', display: '1234 N Grand Ave Nogales AZ USA 85621 1234' }))
      .toMatchObject({ value: '1234 N GRAND AVE NOGALES AZ' });
    expect(respelled({ id: 'x', kind: SelectorKind.EMAIL, value: '<el.tigre@example.com>', display: '<el.tigre@example.com>' })).toMatchObject({ value: 'el.tigre@example.com' });
    expect(respelled({ id: 'x', kind: SelectorKind.EMAIL, value: 'mailto:el.tigre@example.com', display: 'mailto:el.tigre@example.com' })).toMatchObject({ value: 'el.tigre@example.com' });
    // Already in today's form, a rule that refuses it now, or a kind whose rules did not change: kept.
    expect(respelled({ id: 'x', kind: SelectorKind.VEHICLE, value: 'PLATE:AZ:ABC1234', display: 'ABC1234 (AZ)' })).toBeNull();
    expect(respelled({ id: 'x', kind: SelectorKind.VEHICLE, value: 'PLATE:MX-XX:ABC1234', display: 'ABC1234 (MX-XX)' })).toBeNull();
    expect(respelled({ id: 'x', kind: SelectorKind.VEHICLE, value: 'VIN:1M8GDM9AXKP042788', display: '1M8GDM9AXKP042788' })).toBeNull();
    expect(respelled({ id: 'x', kind: SelectorKind.PHONE, value: '+15205550142', display: '+1 520 555 0142' })).toBeNull();
  });
});
