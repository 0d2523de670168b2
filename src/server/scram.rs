//! The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) as PostgreSQL speaks it: no channel
//! binding (the server has no TLS), the user name taken from the startup message (the `n=`
//! attribute is ignored, as PostgreSQL does), SASLprep on the password when it applies, 4096
//! iterations.
//!
//! ```text
//!  client-first  n,,n=,r=<client nonce>           -> Exchange::start
//!  server-first  r=<client+server nonce>,s=<salt>,i=4096
//!  client-final  c=biws,r=<nonce>,p=<proof>       -> Exchange::finish (proof checked)
//!  server-final  v=<server signature>
//! ```
//! A [`Verifier`] is what PostgreSQL keeps in pg_authid (salt, StoredKey, ServerKey). The wire
//! server derives it from the engine's password once per user (PBKDF2 is the costly part) and
//! keeps it; an unknown user gets a mock verifier with a stable salt so the exchange runs to
//! the end and fails like a wrong password (the answer does not tell which names exist).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

/// The mechanism name offered in AuthenticationSASL.
pub(crate) const MECHANISM: &str = "SCRAM-SHA-256";

/// PBKDF2 iterations (PostgreSQL's `scram_iterations` default).
const ITERATIONS: u32 = 4096;

/// Random bytes in the server's part of the nonce (PostgreSQL uses 18).
const NONCE_BYTES: usize = 18;

/// Why an exchange failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// A message that is not SCRAM as RFC 5802 spells it (SQLSTATE 08P01).
    Malformed,
    /// The client asked for channel binding, which a server without TLS cannot give.
    ChannelBinding,
    /// The proof does not match: wrong password or unknown user (ORA-01017).
    WrongPassword,
}

/// The keys derived from a password.
#[derive(Clone)]
struct Keys {
    stored_key: [u8; 32],
    server_key: [u8; 32],
}

/// The SCRAM verifier of one password (PostgreSQL's `SCRAM-SHA-256$4096:salt$StoredKey:ServerKey`).
#[derive(Clone)]
pub(crate) struct Verifier {
    salt: [u8; 16],
    /// None for the mock verifier of an unknown user: no proof matches it.
    keys: Option<Keys>,
}

impl Verifier {
    /// Derives the verifier of `password` with `salt` (4096 PBKDF2 rounds: about a millisecond).
    pub(crate) fn new(password: &str, salt: [u8; 16]) -> Verifier {
        let salted = salted_password(&normalize(password), &salt, ITERATIONS);
        let client_key = hmac(&salted, b"Client Key");
        let keys = Keys {
            stored_key: Sha256::digest(client_key).into(),
            server_key: hmac(&salted, b"Server Key"),
        };
        Verifier { salt, keys: Some(keys) }
    }

    /// A verifier no proof matches, for a user that does not exist.
    pub(crate) fn mock(salt: [u8; 16]) -> Verifier {
        Verifier { salt, keys: None }
    }
}

/// An exchange after the server-first message.
pub(crate) struct Exchange {
    verifier: Verifier,
    client_first_bare: String,
    server_first: String,
    /// Client nonce + server nonce.
    nonce: String,
    /// The gs2 header the client sent (`n,,` or `y,,`), echoed in `c=` of the final message.
    gs2_header: String,
}

impl Exchange {
    /// Reads the client-first message and returns the exchange with the server-first message
    /// to send. `random` supplies the server nonce.
    pub(crate) fn start(
        client_first: &[u8],
        verifier: Verifier,
        random: [u8; NONCE_BYTES],
    ) -> Result<Exchange, Failure> {
        let text = std::str::from_utf8(client_first).map_err(|_| Failure::Malformed)?;
        let (gs2_header, bare) = split_gs2(text)?;
        let client_nonce = attributes(bare)
            .find_map(|(k, v)| (k == 'r').then_some(v))
            .filter(|n| !n.is_empty() && n.bytes().all(|b| (0x21..=0x7e).contains(&b) && b != b','))
            .ok_or(Failure::Malformed)?;
        let nonce = format!("{client_nonce}{}", B64.encode(random));
        let server_first = format!("r={nonce},s={},i={ITERATIONS}", B64.encode(verifier.salt));
        Ok(Exchange {
            verifier,
            client_first_bare: bare.to_string(),
            server_first,
            nonce,
            gs2_header: gs2_header.to_string(),
        })
    }

    /// The server-first message (AuthenticationSASLContinue).
    pub(crate) fn server_first(&self) -> &str {
        &self.server_first
    }

    /// Checks the client-final message; the server-final message (AuthenticationSASLFinal) if
    /// the proof is right.
    pub(crate) fn finish(&self, client_final: &[u8]) -> Result<String, Failure> {
        let text = std::str::from_utf8(client_final).map_err(|_| Failure::Malformed)?;
        let (without_proof, proof) = text.rsplit_once(",p=").ok_or(Failure::Malformed)?;
        let mut attrs = attributes(without_proof);
        let binding = attrs.next().filter(|(k, _)| *k == 'c').ok_or(Failure::Malformed)?.1;
        let nonce = attrs.next().filter(|(k, _)| *k == 'r').ok_or(Failure::Malformed)?.1;
        if B64.decode(binding).ok().as_deref() != Some(self.gs2_header.as_bytes()) {
            return Err(Failure::Malformed);
        }
        if nonce != self.nonce {
            return Err(Failure::Malformed);
        }
        let proof: [u8; 32] =
            B64.decode(proof).ok().and_then(|p| p.try_into().ok()).ok_or(Failure::Malformed)?;
        let keys = self.verifier.keys.as_ref().ok_or(Failure::WrongPassword)?;
        let auth_message =
            format!("{},{},{without_proof}", self.client_first_bare, self.server_first);
        let signature = hmac(&keys.stored_key, auth_message.as_bytes());
        let client_key: Vec<u8> = proof.iter().zip(signature).map(|(p, s)| p ^ s).collect();
        let stored: [u8; 32] = Sha256::digest(&client_key).into();
        if !constant_time_eq(&stored, &keys.stored_key) {
            return Err(Failure::WrongPassword);
        }
        let server_signature = hmac(&keys.server_key, auth_message.as_bytes());
        Ok(format!("v={}", B64.encode(server_signature)))
    }
}

/// Splits `gs2-header client-first-bare`; refuses channel binding (`p=`) and an authzid.
fn split_gs2(text: &str) -> Result<(&str, &str), Failure> {
    let mut parts = text.splitn(3, ',');
    let flag = parts.next().ok_or(Failure::Malformed)?;
    let authzid = parts.next().ok_or(Failure::Malformed)?;
    let bare = parts.next().ok_or(Failure::Malformed)?;
    match flag {
        "n" | "y" => {}
        f if f.starts_with("p=") => return Err(Failure::ChannelBinding),
        _ => return Err(Failure::Malformed),
    }
    if !authzid.is_empty() {
        return Err(Failure::Malformed);
    }
    Ok((&text[..flag.len() + authzid.len() + 2], bare))
}

/// The `k=value` attributes of a SCRAM message, in order.
fn attributes(text: &str) -> impl Iterator<Item = (char, &str)> {
    text.split(',').filter_map(|a| {
        let mut chars = a.chars();
        let key = chars.next()?;
        Some((key, chars.as_str().strip_prefix('=')?))
    })
}

/// SASLprep of the password, or its bytes as they are when it is not a valid string for
/// SASLprep (PostgreSQL and libpq do the same, so any password works).
fn normalize(password: &str) -> Vec<u8> {
    match stringprep::saslprep(password) {
        Ok(p) => p.into_owned().into_bytes(),
        Err(_) => password.as_bytes().to_vec(),
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// PBKDF2-HMAC-SHA-256 with one output block (RFC 5802's `Hi`).
fn salted_password(password: &[u8], salt: &[u8], iterations: u32) -> [u8; 32] {
    let keyed =
        <Hmac<Sha256> as KeyInit>::new_from_slice(password).expect("HMAC takes any key length");
    let mut mac = keyed.clone();
    mac.update(salt);
    mac.update(&1u32.to_be_bytes());
    let mut u: [u8; 32] = mac.finalize().into_bytes().into();
    let mut out = u;
    for _ in 1..iterations {
        let mut mac = keyed.clone();
        mac.update(&u);
        u = mac.finalize().into_bytes().into();
        out.iter_mut().zip(u).for_each(|(o, x)| *o ^= x);
    }
    out
}

fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Random bytes from the operating system.
pub(crate) fn random<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    // The OS source does not fail on the platforms served; if it did, a hash of the time
    // still gives distinct nonces (SCRAM needs them unique, the salt only per user).
    if getrandom::fill(&mut out).is_err() {
        let seed = std::collections::hash_map::RandomState::new();
        for (i, chunk) in out.chunks_mut(8).enumerate() {
            use std::hash::BuildHasher;
            let h = seed.hash_one((i, std::time::SystemTime::now())).to_le_bytes();
            chunk.copy_from_slice(&h[..chunk.len()]);
        }
    }
    out
}

/// A stable mock salt for an unknown user: HMAC of the name under a per-server secret.
pub(crate) fn mock_salt(secret: &[u8; 32], user: &str) -> [u8; 16] {
    let h = hmac(secret, user.as_bytes());
    let mut salt = [0u8; 16];
    salt.copy_from_slice(&h[..16]);
    salt
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7677's example exchange (user, password `pencil`).
    #[test]
    fn rfc_7677_example() {
        let salt: [u8; 16] = B64.decode("W22ZaJ0SNY7soEsUEjb6gQ==").unwrap().try_into().unwrap();
        let verifier = Verifier::new("pencil", salt);
        let client_first = b"n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
        // The RFC's server nonce is 24 bytes of base64 that we do not draw; splice it in.
        let mut ex = Exchange::start(client_first, verifier, [0; NONCE_BYTES]).unwrap();
        ex.nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0".into();
        ex.server_first = format!("r={},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", ex.nonce);
        let client_final = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,\
                            p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
        assert_eq!(
            ex.finish(client_final.as_bytes()).unwrap(),
            "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="
        );
        let wrong = client_final.replace("p=dHzb", "p=dHzc");
        assert_eq!(ex.finish(wrong.as_bytes()), Err(Failure::WrongPassword));
        let other_nonce = client_final.replace("r=rOpr", "r=xOpr");
        assert_eq!(ex.finish(other_nonce.as_bytes()), Err(Failure::Malformed));
    }

    #[test]
    fn bad_client_first_messages() {
        let v = || Verifier::mock([1; 16]);
        for bad in ["", "n,,", "x,,r=abc", "n,a=admin,r=abc", "n,,n=u", "n,,r="] {
            assert_eq!(
                Exchange::start(bad.as_bytes(), v(), [0; NONCE_BYTES]).err(),
                Some(Failure::Malformed),
                "{bad}"
            );
        }
        let cb = Exchange::start(b"p=tls-server-end-point,,n=,r=abc", v(), [0; NONCE_BYTES]);
        assert_eq!(cb.err(), Some(Failure::ChannelBinding));
        let ex = Exchange::start(b"y,,n=,r=abc", v(), [7; NONCE_BYTES]).unwrap();
        assert!(ex.server_first().starts_with("r=abcBwcH"), "{}", ex.server_first());
        // A mock verifier fails a well-formed proof as a wrong password.
        let last = format!("c=eSws,r={},p={}", ex.nonce, B64.encode([0u8; 32]));
        assert_eq!(ex.finish(last.as_bytes()), Err(Failure::WrongPassword));
        // `c=` must echo the gs2 header sent first.
        let last = format!("c=biws,r={},p={}", ex.nonce, B64.encode([0u8; 32]));
        assert_eq!(ex.finish(last.as_bytes()), Err(Failure::Malformed));
    }
}
