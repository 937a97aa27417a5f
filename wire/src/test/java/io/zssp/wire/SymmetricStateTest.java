package io.zssp.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.ProtocolConstants;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.testkit.Hex;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Walks the XK handshake and the KK rekey of ZSSP-SPEC Appendix A.4 through the symmetric state and
 * checks every published checkpoint (h, ck, k, DH values) and every output key. A.4 uses a
 * deterministic stand-in KEM, reproduced here; everything else is real P-384, AES-GCM and SHA-512.
 */
class SymmetricStateTest {
  private final CryptoProvider crypto = DefaultCryptoProvider.create();
  private final P384 p384 = crypto.p384();

  private static byte[] hex(String s) {
    return Hex.decode(s);
  }

  private P384KeyPair key(String scalarHex) throws Exception {
    return p384.importPrivateKey(hex(scalarHex));
  }

  private byte[] dh(P384KeyPair priv, byte[] pub) throws Exception {
    return p384.agree(priv, p384.decodePublicKey(pub));
  }

  private static void check(String name, String expectedHex, byte[] actual) {
    assertEquals(expectedHex, Hex.encode(actual), name);
  }

  /** The A.4 stand-in KEM public key: SHA-512(seed ‖ i) for i = 0, 1, … truncated to 1568 bytes. */
  private byte[] standInKemPublicKey(byte[] seed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; out.size() < 1568; i++) {
      out.writeBytes(crypto.sha512().hash(seed, new byte[] {(byte) i}));
    }
    return Arrays.copyOf(out.toByteArray(), 1568);
  }

  @Test
  void xkAndKkTranscripts_matchAppendixA4() throws Exception {
    P384KeyPair sA =
        key(
            "b24eb56af16a1b2873a3450137317fb8bcfcd2dcede710ce669aa8efdbdf884e3364b48933de8c5aeb9d370319199a9d");
    P384KeyPair sB =
        key(
            "50ebda25eb6e47a43fb7c13bedac1e3c252c8dc21e5f69047092185d10e97d3dd50ef60b4cdfa3afda2625f8d98b45cf");
    P384KeyPair x =
        key(
            "44be70c47cac083e586f6950c92e443627653d83a868adbb675779372bcac3dea8a3e6a2c0932ebb1d8521a4ca0e2e86");
    P384KeyPair y =
        key(
            "5352e58bc0a325368217d0490e4e633e32bf5f1520b6a79dd7aef26f0a3b7734909e31dadafa0e409f8aad396d1af0ae");
    byte[] pubSA = sA.publicKey().encoded();
    byte[] pubSB = sB.publicKey().encoded();
    byte[] pubX = x.publicKey().encoded();
    byte[] pubY = y.publicKey().encoded();
    check(
        "S_A",
        "038beb54aafc74c5e36c88fb3923a71c4a227a984109543db258882ca1b4ceab3914bf4c451f9b693880350684308cf228",
        pubSA);
    check(
        "S_B",
        "02b78323f09ea361c7c3a4904ab0cfcb8ea941a8f38d699c3c40d40d223c4bbc315234a626cbbb3397460f0c24114a111f",
        pubSB);

    byte[] kidA = hex("79bf3ba6");
    byte[] kidB = hex("cce21291");
    byte[] kemSeed = hex("b6263c83a6977a9a484e24307795410a97aaece23101f6fe836c0614c956f67f");
    byte[] kemSs = hex("1de595872ec6ee99f70b283764087a8e2f396e154348cbea7079e2a2f6d0f927");
    byte[] kemPk = standInKemPublicKey(kemSeed);
    byte[] kemCt = new byte[1568];
    byte[] pkHash = crypto.sha512().hash(kemPk);
    for (int i = 0; i < 32; i++) {
      kemCt[i] = (byte) (kemSs[i] ^ pkHash[i]);
    }
    check(
        "stand-in ct prefix",
        "e5f9de7f8efae72f05259bee4629bea7176fc0f70c94db9ee19624c9931909b3",
        Arrays.copyOf(kemCt, 32));
    byte[] identity = "alice-identity".getBytes(StandardCharsets.US_ASCII);

    // X1 (Alice) — §8.1
    SymmetricState s =
        SymmetricState.initialize(
            crypto, ProtocolConstants.protocolNameBlock(ProtocolConstants.XK_PROTOCOL_NAME));
    s.mixHash(kidA);
    check(
        "h1",
        "688e1109b10fe6c3812bb6c2b7e0e1543808aee8fbb68891d37dda034ec10fd2dd644be45836b3d6c72215ebf5a8eedf70b8938944ecc1021e317a58070b9c7a",
        s.handshakeHash());
    s.mixHash(pubSB);
    check(
        "h2",
        "ede564ad53facb86fba4d5f8c8607936aec1278b4891f1b42cb76c9c7b79be26907798a1a9f3141d4808305c6110ac777273b51010304a74662adb11bbf9ddaf",
        s.handshakeHash());
    s.mixHash(pubX);
    s.mixKey(pubX);
    check(
        "h3",
        "549bfabbfd2e70cb51370be52f733c1db21062adc3c53cdaf9f3d702dd415515b49d98a7e36ba0ee13356624d1908f8e82f99cd2f0b359d0537f6ad91b20a543",
        s.handshakeHash());
    check(
        "ck3",
        "09ca5ac94794572e41bc28aeaa1a616774efa3f330455f9dc2a8e9a40eb13408ca4a03b2d25bb38820c7427f3d3e7b397bee8850c4f38afd7619be3e6f219e5d",
        s.chainingKey());
    byte[] es = dh(x, pubSB);
    check(
        "es",
        "59302f743b293f713d38bb9db596f377f120de051125bf43cc1bf890b6b3f5335d4c3f16f658f079753b3a7d880e09a6",
        es);
    assertArrayEquals(es, dh(sB, pubX), "es from Bob's side");
    s.mixKey(es);
    check(
        "ck4",
        "b9360b10124f328c1975fbd576634ce011f352f0630d4b06a30b36b2d8e026b8ac21c56ece1844050c31c5c971e18fce3ac2043a2c531eef71b19183434a854c",
        s.chainingKey());
    check("k4", "ab02bc3198ab47541200dcba70b62ec579b8a44f2acf747f517003224c766dcf", s.cipherKey());
    byte[] e1 = new byte[1568 + 16];
    s.encryptAndHash(0, 0, kemPk, 0, 1568, e1, 0);
    check(
        "h5",
        "933546be5bffb6e5a8dd82c85f0920cf92d24bbd6ba00319032e2f9bb25627638491a5f847b63d07e419ba914768192ce516fbe65e38b648d67e10daca4f51c0",
        s.handshakeHash());
    byte[] rfs = new byte[64 + 16];
    s.encryptAndHash(0, 1, new byte[64], 0, 64, rfs, 0);
    check(
        "h6",
        "f65b4b805bf0ef347c1fab1b735856870ba1f498f4be1c6a9e313ba2ae5943b5e5c7f85d1e73a5d08152115a3e775d5d80d4d04dd8d2551556e2b84776d29f8d",
        s.handshakeHash());
    check("X1 header counter", "2535d074489ec440", Arrays.copyOfRange(rfs, 72, 80));
    byte[][] hk = s.getAsk(SymmetricState.LABEL_HEADER_KEYS);
    check("hk out1", "2071e96ddc4d3feb7f4f6c2908a4f2e6bc1732b0bbdbf8bb3673f3f146bbbe15", hk[0]);
    check("hk out2", "0e247cb26a4773ee6c48d556d4df88b5a1f433437dd759d272cac025d712cc63", hk[1]);

    // X2 (Bob's half, continuing the same state: both sides hold identical values) — §8.2
    s.mixHash(pubY);
    s.mixKey(pubY);
    check(
        "h7",
        "9bbb2e2d1fa3dbde5a505504fe8c49a24435b9afc762326abf0ee1ce726f23afcceddfc21656aee1c095b3291a7cdd64b59da7c2394822f077176cf7acc363ad",
        s.handshakeHash());
    check(
        "ck7",
        "90b8863f46afc599222317183e59a62d0cdd22f49336bfc0596ef6064733d2d8a16f71d49c307e6ec901c74cc76d96793418f4dbe37e3506a85adddf7f8ab003",
        s.chainingKey());
    byte[] ee = dh(y, pubX);
    check(
        "ee",
        "ff8b88013e5b302ad71dc8affb5fc8de89185e2e0ad94f281fce9a6d5446c2022d63760286f86ffea9b905261a60e011",
        ee);
    s.mixKey(ee);
    check(
        "ck8",
        "aa841ddd721d18c82446267d4f55608aa5390952f6d24cacab83a07a4661a8f2acc94b758dcdeed127011f7b813cb91450857a30701b35e0b4498ed7aff0b98d",
        s.chainingKey());
    check("k8", "04c341c0a648b6b815f6d214634cc953c07a2dba15a6da34c766340877f200ad", s.cipherKey());
    byte[] ekem1 = new byte[1568 + 16];
    s.encryptAndHash(1, 0, kemCt, 0, 1568, ekem1, 0);
    check(
        "h9",
        "59eb1ba08b123693e95b148194a2815b9a1dc4291abc0689c1714ebbb1b9246766623d375a2acab11c5d5edc001a9dea420e4d98ef18e5adf6a3627365bc20d6",
        s.handshakeHash());
    s.mixKey(kemSs);
    check(
        "ck9",
        "dfe4cc243d054d62f0e7f0b78be00bce3f1ca5289aff9d3e1bd48d0409210a9647c75084a362d378b3ade017d6f39c3b0b48bbfc727c96430fdf382c137fa737",
        s.chainingKey());
    s.mixKeyAndHash(new byte[32]); // psk2 with the zero ratchet key
    check(
        "ck10",
        "608f56f146586a4f560f83fd904e8b5aa43070c8193111e41169476990c627df67b361ab2fc6bf1fa67b837333d47a437848e06fa46b096e65f691e73b06f8a9",
        s.chainingKey());
    check(
        "h10",
        "87449d63ee8e6d18a1bed6491061fceda31acc28b70fec88734c6d44cf3fef08613d3fe8a50d08e762d944dbea875bd322e9e106bbb48a7b5c2abe7bc64f8940",
        s.handshakeHash());
    check("k10", "fdbca1d7b9677bea064f5de892931887be358560585ad80130a980eb010d3619", s.cipherKey());
    byte[] kidBCt = new byte[20];
    SymmetricState beforeKid = s.copy();
    s.encryptAndHash(1, 0, kidB, 0, 4, kidBCt, 0);
    check(
        "h11",
        "4efcd151aabdd3ab65e465453108139369453fdee7739aadbbd7cfa8b70c5adbd221c809b6984422e13f9f76c0009a0ee696bf6cbf827c450972fec8cdd235ba",
        s.handshakeHash());
    // Alice decrypts kid_B from a copy: same plaintext, same resulting h; a flipped tag fails.
    byte[] decrypted = new byte[4];
    SymmetricState alice = beforeKid.copy();
    assertTrue(alice.decryptAndHash(1, 0, kidBCt, 0, 20, decrypted, 0));
    assertArrayEquals(kidB, decrypted);
    assertArrayEquals(s.handshakeHash(), alice.handshakeHash());
    byte[] tampered = kidBCt.clone();
    tampered[19] ^= 1;
    assertFalse(beforeKid.copy().decryptAndHash(1, 0, tampered, 0, 20, decrypted, 0));

    // X3 (Alice) — §8.3: s under k10 with nonce counter 1, then se, then identity with counter 0.
    byte[] sCt = new byte[49 + 16];
    s.encryptAndHash(2, 1, pubSA, 0, 49, sCt, 0);
    check(
        "h12",
        "ed0bd3cd5242f9b7f1eba9cfa30243a02fe32564d15ee362e550f7a0d32f3b1bc194da9696f752b302c64e3c9189f4023d9b9101ffca53789511363b88b0b7a5",
        s.handshakeHash());
    byte[] se = dh(sA, pubY);
    check(
        "se",
        "71b8f335834096c4172a5bf9efc460b2bbf697e8c8acd47e2046302a3721d11739b7010b62b0f4e423724b0ea513df14",
        se);
    s.mixKey(se);
    check(
        "ck13",
        "792557fa4b05751b0dc77a6f7b59605e1d9e5d8b6f637661da0ce4491a62665356f3a13ecd08c8ee41638a87e38579e2405aebd5aec79fe2deec58bb2141f349",
        s.chainingKey());
    check("k13", "57a25654a4be6d362262066ee4449367548f80dbbb47250bc668746f5883bfdc", s.cipherKey());
    byte[] idCt = new byte[identity.length + 16];
    s.encryptAndHash(2, 0, identity, 0, identity.length, idCt, 0);
    check(
        "h14",
        "0e4f429085262a3e3ccda43eefe63f09aba79050001577ba74829ebf4005ba72a0338f1590682e0685ab1ac4f146e15d1f4565c75d30fd6bd3dda41cb129fab5",
        s.handshakeHash());
    byte[][] ratchet = s.getAsk(SymmetricState.LABEL_RATCHET);
    check("rk", "e5a521879f21ad735ffdec10915bfb23ab5d13439e4eac7eaa92424dc9f8b580", ratchet[0]);
    check("rf", "88c7a4d82b711651a1106644aeebb46be08dfacb9e61d32ff1cd4eed27ecdf56", ratchet[1]);
    byte[][] kek = s.getAsk(SymmetricState.LABEL_KEX_KEYS);
    check("kek out1", "e8e39b6c0ac40affe365372dd1e25c6e276438714c371c3d5fb53c156f105d75", kek[0]);
    check("kek out2", "690374fe73a95b81ba4934b4c04d8da1238308a5e60b2ef7efe5caad0cc86fc3", kek[1]);
    byte[][] nk = s.split();
    check("nk out1", "139e47485f372a2e790a650644ae439e3bd1c8f43555c3341cd87badba3cd547", nk[0]);
    check("nk out2", "96a10790a092e4966cb05898273d57a5b54ceb1a4468eb5edbc0fd979791c375", nk[1]);

    // KK rekey, Alice initiator — §8.5 (including the canonical "se" = es quirk, B0).
    P384KeyPair xI =
        key(
            "a7c637bccc693eb205b3d220231416e578199459d0b9638039938b082764ab7ea8477a59552cab099a1cfddae89591be");
    P384KeyPair yR =
        key(
            "15ddfb81896a3db3e1b0b9c66bb2f459c0e43427fe0b795545a1977f3c6ff723b49091e1fd97f9ab628ab94417efb373");
    byte[] pubXI = xI.publicKey().encoded();
    byte[] pubYR = yR.publicKey().encoded();
    SymmetricState kk =
        SymmetricState.initialize(
            crypto, ProtocolConstants.protocolNameBlock(ProtocolConstants.KK_PROTOCOL_NAME));
    kk.mixHash(pubSA);
    check(
        "h1'",
        "7df7e4d3f1ec148eb945acb4ac83ebdd71331ce163f56778bb544589a60dc224e79b802dfcf142efbff0d9c4d781b432f3a546fca29875229e02c06410c71292",
        kk.handshakeHash());
    kk.mixHash(pubSB);
    check(
        "h2'",
        "a5fbd21bb3cdcab04ca0faf30bf4df5b3e842b3e459152ca0f029b2249030e88a1912a781d26d439781bbf23dcf194b358ebea3b3bf3e15264168610dbe216db",
        kk.handshakeHash());
    kk.mixKeyAndHash(ratchet[0]);
    check(
        "ck3'",
        "ead58c9b093c30d4d09d2f28af535ef1b726a2102792b7b2be50f0319c754bb049978497aa31b83511cc524e4ea91b55c64f8f0cc19a1cba4c1794e5340feae9",
        kk.chainingKey());
    check(
        "h3'",
        "fad5b301119967af42c66272b865c0e8aca1469c7e832bf171ae2ef4eb362414e840ce1cf8331beabe63ed853c26aa40aa9e1772af9f421cb132302e49cc63ee",
        kk.handshakeHash());
    kk.mixHash(pubXI);
    kk.mixKey(pubXI);
    check(
        "h4'",
        "0b7fe85a8a38997983488615444803374ba8438ca711e4f09dd1b5e6b4d5ae555258e75414a230440687ee910a78f88ba8bee86e06448f747157a8a91f2dfea0",
        kk.handshakeHash());
    check(
        "ck4'",
        "4351438d8d1aa746dbfc23a96ede93ec3e044c86513a6aa1889ea446936f003d8079aabfe438e4627b2ded172ca468aa7ada95825e6d8d92ddf1b22e4f659ce9",
        kk.chainingKey());
    byte[] kkEs = dh(xI, pubSB);
    check(
        "es'",
        "cb63ce17f8e91ee9e69a8598e1a1a5b4aeb65f86b5cb52d0f53d7e46f64b52813c0bc8336ae22b16a31d08ef3ae69dae",
        kkEs);
    kk.mixKey(kkEs);
    check(
        "ck5'",
        "4a475fe7506ebedbf0fc2640d578a369f6caa791f23473bb61e1f94ac3e4b97e7a6d2461c391a681005769413daf3c7f611165bb2e8a87af0e9456cfca66b7b4",
        kk.chainingKey());
    byte[] kkSs = dh(sA, pubSB);
    check(
        "ss'",
        "2e0520815aa8ed700803d7931c900775626f87835dfd245a3ad6eb67a32b61604d2c83a984a1ac37a738471c2cabc29e",
        kkSs);
    kk.mixKey(kkSs);
    check(
        "ck6'",
        "b2df6c0fdcd2e0fccd09eed6c4835ec764c4b3f5b9527aa6053c7d8fa44ff46344dc6ee4be85c9472de43db49fa37ebd346b6ad0a8b4f16ba2924cf39ea7a7af",
        kk.chainingKey());
    check(
        "k6'", "ac41cd86686d31d06b442edfde9942109c28acff08270a0e4a058a8bad6c52e7", kk.cipherKey());
    byte[] k1Kid = new byte[20];
    kk.encryptAndHash(5, 0, hex("f7301f82"), 0, 4, k1Kid, 0);
    check(
        "h7'",
        "49b39ce5dc2355e0eae89ac91570a2fe95aa02c9706ac88978b66796b9abe237064e986583a37f0555304b4f6fb5f479ff4e275f93856e79ab8c9b587e94c730",
        kk.handshakeHash());
    kk.mixHash(pubYR);
    kk.mixKey(pubYR);
    check(
        "h8'",
        "2981858db4ce63d270f798ee55c2e5246a68e1ef23aa41ec2f01dfed11ff23aeda5eaea06335742708528351406bf778907f370b1d2c900951996060449651f5",
        kk.handshakeHash());
    check(
        "ck8'",
        "ed0a7e40ea50498cbd56096101bbb7b7831410470f5c68058f96f9aa06e9125d4ccd970757cf33ae54fc40e3687269bef6d3bc7afc327a0b55bedbc2b2996617",
        kk.chainingKey());
    byte[] kkEe = dh(xI, pubYR);
    check(
        "ee'",
        "cc25db1689c30e54a3c0f74a478e964d55849c98f54644e8b20a66380e740509871f357927d85e1e497274aaa255d2dd",
        kkEe);
    kk.mixKey(kkEe);
    check(
        "ck9'",
        "2e9574b3a517c3ba8382d9b1b44394bf5dff54d05464343c0a39332b8fae879ad310894bd3a75b35e6b385976d42b7320ff4bd17926f7a906eb35ed3e07527d3",
        kk.chainingKey());
    byte[] kkSeAsImplemented = dh(xI, pubSB); // B0: DH(x_I, S_R) = the es value again
    assertArrayEquals(kkEs, kkSeAsImplemented);
    assertArrayEquals(kkSeAsImplemented, dh(sB, pubXI), "responder's DH(s_R, X_I)");
    kk.mixKey(kkSeAsImplemented);
    check(
        "ck10'",
        "8b8f5192b7c2607facae3b0774a1391d2a7ff9084dd8f764545897a1754a3eab5285dfde3004b1daf29255a4a361fa958eaf92031eaf7cd0371724b65e9bbfc2",
        kk.chainingKey());
    check(
        "k10'", "58be4b36f1a95bb74117ba89e0c52452d82defbf7d6b3590e888df24b2f168f7", kk.cipherKey());
    byte[] k2Kid = new byte[20];
    kk.encryptAndHash(6, 0, hex("bc49d2f4"), 0, 4, k2Kid, 0);
    check(
        "h11'",
        "924b361605ac760456c18309495b771579a432cfaf4f5043cb640a069a315b22f915794af7828ab9b77f37a402f312f5b7fab5c8eced6e3bf01bd6768fafc318",
        kk.handshakeHash());
    byte[][] kkRatchet = kk.getAsk(SymmetricState.LABEL_RATCHET);
    check("rk'", "555bfcd97820f8b17e98857b1b6d7efc8938549c7f09a0213fea20b5deae7a2b", kkRatchet[0]);
    check("rf'", "779d3a330325d45861d6a0f180a85e59157838dbe549a57b8273655ffc243b96", kkRatchet[1]);
    byte[][] kkKek = kk.getAsk(SymmetricState.LABEL_KEX_KEYS);
    check(
        "kek' out1", "afe1e99c69e4094d031cff4b3e5b054be53ec4d42207ca36dc89b06321c1c081", kkKek[0]);
    check(
        "kek' out2", "7b4caab14d30ddddbc50f89b32899a56e2db66c5461fb002ef1d6b582d092d09", kkKek[1]);
    byte[][] kkNk = kk.split();
    check("nk' out1", "64f9f3a7a03e7a836a4e41d12c6df257d5c71f9cf5a34a2dc6097f45c569e0a0", kkNk[0]);
    check("nk' out2", "8ec57c14f7cb27bf088cf970e18d6d880bee1e9736ae2ebbc9118894e5242741", kkNk[1]);
  }

  @Test
  void destroy_wipesEverything() {
    SymmetricState s =
        SymmetricState.initialize(
            crypto, ProtocolConstants.protocolNameBlock(ProtocolConstants.XK_PROTOCOL_NAME));
    s.mixKey(new byte[] {1, 2, 3});
    s.destroy();
    assertArrayEquals(new byte[64], s.handshakeHash());
    assertArrayEquals(new byte[64], s.chainingKey());
    assertArrayEquals(new byte[32], s.cipherKey());
  }
}
