package io.github.ollamaws.auth;

import java.security.PrivateKey;

/**
 * Signs the gateway's authentication challenges.
 */
public final class ChallengeSigner {

	public ChallengeSigner(PrivateKey privateKey) {
	}

	/**
	 * Signs a challenge.
	 * @param challenge the challenge string as received
	 * @return the signature, Base64
	 */
	public String sign(String challenge) {
		throw new PrivateKeyException("not implemented yet");
	}

}
