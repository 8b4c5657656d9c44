import "reflect-metadata";

process.env.NODE_ENV = "test";
process.env.LOG_LEVEL ??= "silent";

// Fixed keys for tests (never used outside them); spawned CLIs and servers inherit them.
process.env.TESSERA_MASTER_KEY ??= "74657373657261207465737420206f6e6c79206d6173746572206b6579202121";
process.env.TESSERA_AUDIT_SIGNING_KEY ??= "746573736572612074657374206175646974207369676e696e67206b65792121";
