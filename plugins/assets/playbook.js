// playbook
