//! A blocking PostgreSQL frontend on a plain `TcpStream`, for timing what a server does
//! without a driver's own thread hops in the figure: a driver like tokio-postgres hands each
//! request from the caller's task to its connection task and each reply back, and on a
//! machine whose idle CPUs halt (a VM without halt polling) every such hand-over to a
//! sleeping thread costs tens of microseconds. Here the caller's thread writes the request
//! to the socket itself and its blocking read returns when the server's bytes arrive.
//!
//! Messages are encoded and parsed with `postgres-protocol` (the crate tokio-postgres is
//! built on); logon answers trust, cleartext and SCRAM-SHA-256.

use std::io::{self, Read, Write};
use std::net::TcpStream;

use bytes::BytesMut;
use fallible_iterator::FallibleIterator;
use postgres_protocol::authentication::sasl::{ChannelBinding, SCRAM_SHA_256, ScramSha256};
use postgres_protocol::message::backend::Message;
use postgres_protocol::message::frontend;

/// Where and as whom to log on.
#[derive(Clone)]
pub struct Logon {
    pub port: u16,
    pub user: String,
    pub password: String,
    pub dbname: String,
}

impl Logon {
    /// From a libpq-style conninfo (`host=... port=... user=... password=... dbname=...`).
    pub fn from_conninfo(conninfo: &str) -> Logon {
        let config: tokio_postgres::Config = conninfo.parse().expect("conninfo");
        Logon {
            port: config.get_ports().first().copied().unwrap_or(5432),
            user: config.get_user().unwrap_or("postgres").to_owned(),
            password: config
                .get_password()
                .map(|p| String::from_utf8_lossy(p).into_owned())
                .unwrap_or_default(),
            dbname: config.get_dbname().unwrap_or("postgres").to_owned(),
        }
    }
}

pub struct RawConn {
    stream: TcpStream,
    inbox: BytesMut,
}

fn protocol_error(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

/// The `M` (message) field of an ErrorResponse.
fn error_text(body: &postgres_protocol::message::backend::ErrorResponseBody) -> String {
    let mut fields = body.fields();
    while let Ok(Some(f)) = fields.next() {
        if f.type_() == b'M' {
            return String::from_utf8_lossy(f.value_bytes()).into_owned();
        }
    }
    "error".to_owned()
}

impl RawConn {
    /// Connects and logs on with `application_name = app`; returns after ReadyForQuery.
    pub fn connect(logon: &Logon, app: &str) -> io::Result<RawConn> {
        let stream = TcpStream::connect(("127.0.0.1", logon.port))?;
        stream.set_nodelay(true)?;
        let mut conn = RawConn { stream, inbox: BytesMut::with_capacity(8192) };
        let params = [
            ("user", logon.user.as_str()),
            ("database", logon.dbname.as_str()),
            ("application_name", app),
        ];
        conn.send(|buf| frontend::startup_message(params.iter().copied(), buf))?;
        let mut scram = None;
        loop {
            match conn.next()? {
                Message::AuthenticationOk => {}
                Message::AuthenticationCleartextPassword => {
                    let password = logon.password.as_bytes();
                    conn.send(|buf| frontend::password_message(password, buf))?;
                }
                Message::AuthenticationSasl(_) => {
                    let s =
                        ScramSha256::new(logon.password.as_bytes(), ChannelBinding::unsupported());
                    conn.send(|buf| {
                        frontend::sasl_initial_response(SCRAM_SHA_256, s.message(), buf)
                    })?;
                    scram = Some(s);
                }
                Message::AuthenticationSaslContinue(body) => {
                    let s = scram.as_mut().ok_or_else(|| protocol_error("SASL continue"))?;
                    s.update(body.data())?;
                    conn.send(|buf| frontend::sasl_response(s.message(), buf))?;
                }
                Message::AuthenticationSaslFinal(body) => {
                    scram
                        .take()
                        .ok_or_else(|| protocol_error("SASL final"))?
                        .finish(body.data())?;
                }
                Message::ErrorResponse(body) => return Err(protocol_error(&error_text(&body))),
                Message::ReadyForQuery(_) => return Ok(conn),
                _ => {}
            }
        }
    }

    fn send(&mut self, encode: impl FnOnce(&mut BytesMut) -> io::Result<()>) -> io::Result<()> {
        let mut buf = BytesMut::new();
        encode(&mut buf)?;
        self.stream.write_all(&buf)
    }

    /// Sends a simple-protocol Query without waiting for anything.
    pub fn send_query(&mut self, sql: &str) -> io::Result<()> {
        self.send(|buf| frontend::query(sql, buf))
    }

    /// The next message from the server (blocks); UnexpectedEof once the socket is closed.
    pub fn next(&mut self) -> io::Result<Message> {
        loop {
            if let Some(m) = Message::parse(&mut self.inbox)? {
                return Ok(m);
            }
            let mut chunk = [0u8; 4096];
            let n = self.stream.read(&mut chunk)?;
            if n == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            self.inbox.extend_from_slice(&chunk[..n]);
        }
    }

    /// Reads the reply to a sent query up to ReadyForQuery: the first column of the first
    /// row, or the server's error.
    pub fn finish_query(&mut self) -> io::Result<Option<String>> {
        let (mut first, mut error) = (None, None);
        loop {
            match self.next()? {
                Message::DataRow(row) if first.is_none() => {
                    let range = row.ranges().next()?.flatten();
                    first = range.map(|r| String::from_utf8_lossy(&row.buffer()[r]).into_owned());
                }
                Message::ErrorResponse(body) => error = Some(error_text(&body)),
                Message::ReadyForQuery(_) => break,
                _ => {}
            }
        }
        error.map_or(Ok(first), |e| Err(protocol_error(&e)))
    }

    /// Runs a query: the first column of its first row.
    pub fn query_scalar(&mut self, sql: &str) -> io::Result<Option<String>> {
        self.send_query(sql)?;
        self.finish_query()
    }

    /// Waits for what a killed, idle session's client gets: an ErrorResponse (true) or the
    /// socket closing with no message (false). Anything else is an error.
    pub fn wait_for_end(&mut self) -> io::Result<bool> {
        match self.next() {
            Ok(Message::ErrorResponse(_)) => Ok(true),
            Ok(Message::NoticeResponse(_)) => self.wait_for_end(),
            Ok(_) => Err(protocol_error("a message other than an error")),
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Ok(false),
            Err(e) if e.kind() == io::ErrorKind::ConnectionReset => Ok(false),
            Err(e) => Err(e),
        }
    }
}
