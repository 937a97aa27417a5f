package io.zssp.crypto.accp;

import io.zssp.crypto.Aes256Gcm;
import io.zssp.crypto.HmacSha512;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.internal.JcaAes256Gcm;
import io.zssp.crypto.internal.JcaHmacSha512;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Known answers run once, before {@link NativeCryptoProvider} is declared available, through the
 * same classes and JCA calls that serve ZSSP, for the primitives that run on AWS-LC: one P-384 ECDH
 * (RFC 5903 §8.2, both directions, with public keys derived from the scalars and decoded from their
 * compressed form), one AES-256-GCM seal and open (McGrew–Viega test case 16) and HMAC-SHA-512 (RFC
 * 4231 test case 2). ACCP's own self-tests cover AWS-LC; these cover our glue (compressed points,
 * key import, output layout), and catch a JVM whose JCE refuses the provider (an unsigned provider
 * on a JDK that enforces JCE code signing). Stateless.
 */
final class AccpKnownAnswers {
  private static final HexFormat HEX = HexFormat.of();

  private static final String ECDH_D1 =
      "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655e35b538041e649ee3faef896783ab194";
  private static final String ECDH_Q1 =
      "02667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6de3ac808acb4bdb4c88732aee95f41aa";
  private static final String ECDH_D2 =
      "41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942e0308312916b8ed2960e4bd55a7448fc";
  private static final String ECDH_Q2 =
      "02e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d0d1ac43a0336def96fda41d0774a3571";
  private static final String ECDH_X =
      "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4d603135569b9e9d09cf5d4a270f59746";

  private static final String GCM_KEY =
      "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
  private static final String GCM_NONCE = "cafebabefacedbaddecaf888";
  private static final String GCM_AAD = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
  private static final String GCM_PT =
      "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
          + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
  private static final String GCM_SEALED =
      "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
          + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
          + "76fc6ece0f4e1768cddf8853bb2d551b";

  private static final String HMAC_RFC4231_2 =
      "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
          + "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737";

  private AccpKnownAnswers() {}

  /**
   * Runs every known answer through ACCP's provider object {@code accp}.
   *
   * @return null if all match, else what differed
   * @throws GeneralSecurityException if the JCE or ACCP refuses an operation
   */
  static String check(Provider accp) throws GeneralSecurityException {
    P384 p384 = new AccpP384(accp, null);
    P384KeyPair a = p384.importPrivateKey(HEX.parseHex(ECDH_D1));
    P384KeyPair b = p384.importPrivateKey(HEX.parseHex(ECDH_D2));
    if (!HEX.formatHex(a.publicKey().encoded()).equals(ECDH_Q1)
        || !HEX.formatHex(b.publicKey().encoded()).equals(ECDH_Q2)) {
      return "P-384 public key derived from the RFC 5903 scalar differs";
    }
    byte[] ab = p384.agree(a, p384.decodePublicKey(HEX.parseHex(ECDH_Q2)));
    byte[] ba = p384.agree(b, p384.decodePublicKey(HEX.parseHex(ECDH_Q1)));
    if (!HEX.formatHex(ab).equals(ECDH_X) || !HEX.formatHex(ba).equals(ECDH_X)) {
      return "P-384 ECDH of RFC 5903 section 8.2 differs";
    }
    a.destroy();
    b.destroy();

    Aes256Gcm gcm = new JcaAes256Gcm(HEX.parseHex(GCM_KEY), accp, 0); // ACCP alone
    byte[] pt = HEX.parseHex(GCM_PT);
    byte[] buf = Arrays.copyOf(pt, pt.length + Aes256Gcm.TAG_SIZE_IN_BYTES);
    byte[] nonce = HEX.parseHex(GCM_NONCE);
    byte[] aad = HEX.parseHex(GCM_AAD);
    gcm.seal(nonce, aad, buf, 0, pt.length, buf, 0);
    if (!HEX.formatHex(buf).equals(GCM_SEALED)) {
      return "AES-256-GCM seal of McGrew-Viega test case 16 differs";
    }
    if (gcm.open(nonce, aad, buf, 0, buf.length, buf, 0) != pt.length
        || !Arrays.equals(Arrays.copyOf(buf, pt.length), pt)) {
      return "AES-256-GCM open of McGrew-Viega test case 16 failed";
    }
    gcm.destroy();

    byte[] jefe = "Jefe".getBytes(StandardCharsets.US_ASCII);
    byte[] question = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
    HmacSha512 hmac = new JcaHmacSha512(accp);
    if (!HEX.formatHex(hmac.mac(jefe, question)).equals(HMAC_RFC4231_2)) {
      return "HMAC-SHA-512 of RFC 4231 test case 2 differs";
    }
    return null;
  }
}
