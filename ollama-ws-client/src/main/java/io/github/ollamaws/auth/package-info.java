/**
 * Private keys and challenge signing: {@link io.github.ollamaws.auth.PrivateKeyLoader}
 * reads PEM keys (PKCS#8, PKCS#1, SEC1, encrypted PKCS#8) and is <strong>API</strong>,
 * for building a template without Spring; the rest ({@code ChallengeSigner}, {@code Der})
 * is <strong>internal</strong>.
 */
@NullMarked
package io.github.ollamaws.auth;

import org.jspecify.annotations.NullMarked;
