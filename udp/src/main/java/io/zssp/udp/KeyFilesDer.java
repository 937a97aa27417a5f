package io.zssp.udp;

import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.io.IOException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;

/**
 * DER encoding and decoding of P-384 keys for {@link KeyFiles}, with BouncyCastle's ASN.1 classes:
 * PKCS#8 {@code PrivateKeyInfo} holding an RFC 5915 {@code ECPrivateKey}, and X.509 {@code
 * SubjectPublicKeyInfo}, both with algorithm id-ecPublicKey and the named curve secp384r1.
 * Stateless; the caller wipes DER arrays that hold private keys.
 */
final class KeyFilesDer {
  private static final ECCurve CURVE = CustomNamedCurves.getByName("secp384r1").getCurve();
  private static final AlgorithmIdentifier EC_P384 =
      new AlgorithmIdentifier(
          X9ObjectIdentifiers.id_ecPublicKey, new X962Parameters(SECObjectIdentifiers.secp384r1));
  private static final Map<String, String> OTHER_KEY_TYPES =
      Map.of(
          "1.2.840.113549.1.1.1", "RSA",
          "1.2.840.113549.1.1.10", "RSASSA-PSS",
          "1.2.840.10040.4.1", "DSA",
          "1.3.101.110", "X25519",
          "1.3.101.111", "X448",
          "1.3.101.112", "Ed25519",
          "1.3.101.113", "Ed448");

  private KeyFilesDer() {}

  /** PKCS#8 DER of {@code key}, with the uncompressed public key inside (wipe the result). */
  static byte[] encodePrivateKey(P384KeyPair key) {
    byte[] scalar = key.exportPrivateScalar();
    byte[] inner = null;
    try {
      ASN1EncodableVector ec = new ASN1EncodableVector();
      ec.add(new ASN1Integer(1));
      ec.add(new DEROctetString(scalar));
      ec.add(new DERTaggedObject(true, 1, new DERBitString(uncompressed(key.publicKey()))));
      inner = new DERSequence(ec).getEncoded(ASN1Encoding.DER);
      ASN1EncodableVector pki = new ASN1EncodableVector();
      pki.add(new ASN1Integer(0));
      pki.add(EC_P384);
      pki.add(new DEROctetString(inner));
      return new DERSequence(pki).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding to memory failed", e);
    } finally {
      Arrays.fill(scalar, (byte) 0);
      if (inner != null) {
        Arrays.fill(inner, (byte) 0);
      }
    }
  }

  /** SubjectPublicKeyInfo DER of {@code key} (uncompressed point, as OpenSSL writes it). */
  static byte[] encodePublicKey(P384PublicKey key) {
    try {
      return new SubjectPublicKeyInfo(EC_P384, uncompressed(key)).getEncoded(ASN1Encoding.DER);
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding to memory failed", e);
    }
  }

  /** Parses PKCS#8 DER into a key pair; {@code where} names the file in messages. */
  static P384KeyPair decodePrivateKey(byte[] der, P384 p384, String where)
      throws InvalidKeyException {
    PrivateKeyInfo pki;
    ASN1Sequence ec;
    try {
      pki = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
      checkAlgorithm(pki.getPrivateKeyAlgorithm(), where);
      ec = ASN1Sequence.getInstance(pki.parsePrivateKey());
    } catch (IOException | RuntimeException e) {
      throw new InvalidKeyException(
          where + ": malformed or truncated PKCS#8 DER: " + e.getMessage(), e);
    }
    ECPrivateKey sec1;
    byte[] octets;
    try {
      sec1 = ECPrivateKey.getInstance(ec);
      if (ASN1Integer.getInstance(ec.getObjectAt(0)).intValueExact() != 1) {
        throw new IllegalArgumentException("ECPrivateKey version is not 1");
      }
      octets = ASN1OctetString.getInstance(ec.getObjectAt(1)).getOctets().clone();
      ASN1Encodable innerParams = sec1.getParametersObject();
      if (innerParams != null) {
        checkCurve(X962Parameters.getInstance(innerParams), where);
      }
    } catch (RuntimeException e) {
      throw new InvalidKeyException(where + ": malformed ECPrivateKey: " + e.getMessage(), e);
    }
    P384KeyPair pair;
    try {
      if (octets.length == 0 || octets.length > P384.PRIVATE_KEY_SIZE_IN_BYTES) {
        throw new InvalidKeyException(
            where
                + ": private key has "
                + octets.length
                + " bytes, expected "
                + P384.PRIVATE_KEY_SIZE_IN_BYTES);
      }
      byte[] scalar = new byte[P384.PRIVATE_KEY_SIZE_IN_BYTES];
      System.arraycopy(octets, 0, scalar, scalar.length - octets.length, octets.length);
      try {
        pair = p384.importPrivateKey(scalar);
      } catch (InvalidKeyException e) {
        throw new InvalidKeyException(where + ": " + e.getMessage(), e);
      } finally {
        Arrays.fill(scalar, (byte) 0);
      }
    } finally {
      Arrays.fill(octets, (byte) 0);
    }
    ASN1BitString embedded;
    try {
      embedded = sec1.getPublicKey();
    } catch (RuntimeException e) {
      pair.destroy();
      throw new InvalidKeyException(
          where + ": malformed ECPrivateKey public key: " + e.getMessage(), e);
    }
    if (embedded != null) {
      P384PublicKey claimed;
      try {
        claimed = decodePoint(embedded, p384, where);
      } catch (InvalidKeyException e) {
        pair.destroy();
        throw e;
      }
      if (!Arrays.equals(claimed.encoded(), pair.publicKey().encoded())) {
        pair.destroy();
        throw new InvalidKeyException(
            where + ": the public key in the file does not match the" + " private key");
      }
    }
    return pair;
  }

  /** Parses SubjectPublicKeyInfo DER; {@code where} names the file in messages. */
  static P384PublicKey decodePublicKey(byte[] der, P384 p384, String where)
      throws InvalidKeyException {
    SubjectPublicKeyInfo spki;
    try {
      spki = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
      spki.getAlgorithm();
    } catch (IOException | RuntimeException e) {
      throw new InvalidKeyException(
          where + ": malformed or truncated SubjectPublicKeyInfo DER: " + e.getMessage(), e);
    }
    checkAlgorithm(spki.getAlgorithm(), where);
    return decodePoint(spki.getPublicKeyData(), p384, where);
  }

  private static void checkAlgorithm(AlgorithmIdentifier alg, String where)
      throws InvalidKeyException {
    ASN1ObjectIdentifier oid = alg.getAlgorithm();
    if (!oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      String type = OTHER_KEY_TYPES.getOrDefault(oid.getId(), "unknown");
      throw new InvalidKeyException(
          where
              + ": wrong key type "
              + type
              + " (algorithm "
              + oid
              + "), expected an EC key (id-ecPublicKey) on secp384r1");
    }
    ASN1Encodable params = alg.getParameters();
    if (params == null) {
      throw new InvalidKeyException(where + ": EC key without curve parameters");
    }
    X962Parameters x962;
    try {
      x962 = X962Parameters.getInstance(params);
    } catch (RuntimeException e) {
      throw new InvalidKeyException(
          where + ": malformed EC curve parameters: " + e.getMessage(), e);
    }
    checkCurve(x962, where);
  }

  private static void checkCurve(X962Parameters params, String where) throws InvalidKeyException {
    if (!params.isNamedCurve()) {
      throw new InvalidKeyException(
          where
              + ": explicit or implicit EC curve parameters are not"
              + " supported; expected the named curve secp384r1");
    }
    ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(params.getParameters());
    if (!curve.equals(SECObjectIdentifiers.secp384r1)) {
      String name = ECNamedCurveTable.getName(curve);
      throw new InvalidKeyException(
          where
              + ": wrong curve "
              + (name == null ? "unknown" : name)
              + " ("
              + curve
              + "), expected secp384r1 (P-384, 1.3.132.0.34)");
    }
  }

  /** An EC point from a BIT STRING: uncompressed (97 bytes) or compressed (49), validated. */
  private static P384PublicKey decodePoint(ASN1BitString bits, P384 p384, String where)
      throws InvalidKeyException {
    if (bits.getPadBits() != 0) {
      throw new InvalidKeyException(where + ": public key BIT STRING has unused bits");
    }
    byte[] point = bits.getOctets();
    byte[] compressed;
    if (point.length == 1 + 2 * 48 && point[0] == 0x04) {
      try {
        compressed = CURVE.decodePoint(point).getEncoded(true);
      } catch (RuntimeException e) {
        throw new InvalidKeyException(
            where + ": public key is not a valid P-384 point: " + e.getMessage(), e);
      }
    } else if (point.length == P384.PUBLIC_KEY_SIZE_IN_BYTES) {
      compressed = point;
    } else {
      throw new InvalidKeyException(
          where
              + ": public key is not an uncompressed (97 bytes, 0x04)"
              + " or compressed (49 bytes) P-384 point: "
              + point.length
              + " bytes"
              + (point.length > 0 ? String.format(", prefix 0x%02x", point[0] & 0xff) : ""));
    }
    try {
      return p384.decodePublicKey(compressed);
    } catch (InvalidKeyException e) {
      throw new InvalidKeyException(where + ": " + e.getMessage(), e);
    }
  }

  private static byte[] uncompressed(P384PublicKey key) {
    return CURVE.decodePoint(key.encoded()).getEncoded(false);
  }
}
