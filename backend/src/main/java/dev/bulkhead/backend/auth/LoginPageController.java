package dev.bulkhead.backend.auth;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class LoginPageController {

	@GetMapping("/login")
	String login() {
		return "auth/login";
	}

}
