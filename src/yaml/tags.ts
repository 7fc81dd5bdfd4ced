/** A string marked `!unsafe`: never templated. */
export class UnsafeText {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
  toJSON(): string {
    return this.value;
  }
}

/** An inline `!vault` value: ciphertext until a vault secret decrypts it. */
export class VaultText {
  constructor(readonly ciphertext: string) {}
  toString(): string {
    return '<vaulted>';
  }
  toJSON(): string {
    return '<vaulted>';
  }
}
