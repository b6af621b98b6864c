module example.com/ownapp
