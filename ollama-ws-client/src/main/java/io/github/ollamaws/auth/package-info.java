/**
 * Private keys and challenge signing, <strong>internal</strong>: {@code PemPrivateKeys}
 * (the PEM reading behind the API's {@link io.github.ollamaws.client.PrivateKeyLoader}),
 * {@code ChallengeSigner} and {@code Der}.
 */
@NullMarked
package io.github.ollamaws.auth;

import org.jspecify.annotations.NullMarked;
